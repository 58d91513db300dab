/**
 * The webhook the trigger registers with the survey tool when the workflow is published, and the
 * tool's API, which registration and fetching responses call with the user's credential.
 */
import { randomBytes } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { connectApi } from '../shared/apiClient';
import type { RegistrationData } from './delivery';
import { DEFAULT_SOURCE, surveySource } from './sources';
import type { AnySurveySource, RegistrationTarget, SourceApi } from './sources/types';

/**
 * The tool's API with the user's credential. One attempt, no retries: the tool itself sends the
 * delivery again when the trigger answers 503, and an activation can be retried by the user.
 * Answers that are not JSON pass through, so each source reports the shape it expected.
 */
export async function sourceApiFor(
	context: IWebhookFunctions | IHookFunctions,
	source: AnySurveySource,
	timeoutSeconds?: number,
): Promise<SourceApi> {
	if (!source.api) throw new Error(`The ${source.displayName} source calls its tool's API but describes no API credential (its "api" entry)`);
	return await connectApi(context, { displayName: source.displayName, ...source.api }, { timeoutSeconds, retries: 0, nonJsonAnswers: 'text' });
}

/** Undefined when there is nothing to register: a tool without registration, or one the user set up by hand. */
async function registrationFor(context: IHookFunctions) {
	const source = surveySource(context.getNodeParameter('source', DEFAULT_SOURCE) as string);
	const registration = source.registration;
	if (!registration) return undefined;
	if ((context.getNodeParameter('registration', 'automatic') as string) !== 'automatic') return undefined;
	const data = context.getWorkflowStaticData('node') as RegistrationData;
	const target: RegistrationTarget = {
		webhookUrl: context.getNodeWebhookUrl('default') as string,
		formId: (context.getNodeParameter('formId', '') as string).trim(),
		registered: { webhookId: data.webhookId },
	};
	return { registration, api: await sourceApiFor(context, source), target, data };
}

export async function webhookExists(context: IHookFunctions): Promise<boolean> {
	const registered = await registrationFor(context);
	if (!registered) return true;
	const { registration, api, target, data } = registered;
	// Without the secret it was created with, an existing webhook could not be verified.
	if (!data.signingSecret) return false;
	return await registration.exists(api, target);
}

export async function registerWebhook(context: IHookFunctions): Promise<boolean> {
	const registered = await registrationFor(context);
	if (!registered) return true;
	const { registration, api, target, data } = registered;
	const secret = randomBytes(32).toString('hex');
	const { webhookId } = await registration.create(api, target, secret);
	data.webhookId = webhookId;
	data.signingSecret = secret;
	return true;
}

export async function removeWebhook(context: IHookFunctions): Promise<boolean> {
	const registered = await registrationFor(context);
	if (!registered) return true;
	const { registration, api, target, data } = registered;
	await registration.remove(api, target);
	delete data.webhookId;
	delete data.signingSecret;
	return true;
}
