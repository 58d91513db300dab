/** What every source needs around its API calls. */
import type { z } from 'zod';

import { FeedbackError } from '../../core/feedback';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { ApiAnswerError, parseApiAnswer } from '../../shared/errors';
import { requireSecret } from '../../shared/signatures';
import type { RegistrationTarget, SigningSecrets, SourceApi, SourceRegistration } from './types';

/**
 * Fetches a response the tool has just announced. A 404 means it is not readable through the
 * API yet (or was deleted since): a retry later may find it, so the sender is asked to retry.
 */
export async function fetchAnnouncedResponse(
	api: SourceApi,
	url: string,
	what: string,
): Promise<unknown> {
	const answer = await requestUnlessNotFound(api, { method: 'GET', url });
	if (!answer.found) {
		throw new ApiAnswerError(`${what} is not available through the API yet (GET ${url} answered 404)`, 'response', true);
	}
	return answer.body;
}

export { credentialBaseUrl } from '../../shared/apiClient';

/** The editor field naming what a form tool registers its webhook for. */
export const formIdField = (placeholder: string): SourceRegistration['target'] => ({
	displayName: 'Form ID',
	placeholder,
	description: 'The form whose responses start this workflow. It is the last part of the form’s share link.',
});

/** The editor field naming what a survey tool registers its webhook for. */
export const surveyIdField = (placeholder: string): SourceRegistration['target'] => ({
	displayName: 'Survey ID',
	placeholder,
	description: 'The survey whose completed responses start this workflow',
});

/** The form or survey to register the webhook for; `what` names it for the user, e.g. "Typeform form ID (…)". */
export function requireRegistrationTarget(target: RegistrationTarget, what: string): string {
	const id = target.formId?.trim();
	if (!id) throw new FeedbackError(`Set the ${what} to register the webhook`, 'formId');
	return id;
}

/**
 * The secret a tool signs with: the one the node generated when it registered the webhook, or
 * the one the user pasted for a webhook made by hand; a SignatureError says which is missing.
 */
export function webhookSecret(
	secrets: SigningSecrets,
	header: string,
	{ tool, secret = 'signing secret', webhook = 'webhook' }: { tool: string; secret?: string; webhook?: string },
): string {
	return requireSecret(
		secrets.secret,
		header,
		`the node sets the ${secret} when it registers the ${webhook}; for a ${webhook} made in ${tool} by hand, put its ${secret} in a Survey Webhook Secret credential`,
	);
}

/**
 * Whether the webhook this node registered last time is still there and still points here. One
 * that is ours (its id came from this node) but points elsewhere is removed, so that a new one
 * can be made.
 */
export async function registeredWebhookPointsHere<T extends z.ZodTypeAny>(
	api: SourceApi,
	target: RegistrationTarget,
	webhook: {
		tool: string;
		path: (id: string) => string;
		schema: T;
		/** Names the answer in errors: `subscription`, `webhook`. */
		prefix: string;
		pointsHere: (answer: z.infer<T>) => boolean;
		remove: (id: string) => Promise<void>;
	},
): Promise<boolean> {
	const id = target.registered?.webhookId;
	if (!id) return false;
	const found = await requestUnlessNotFound(api, { method: 'GET', url: webhook.path(id) });
	if (!found.found) return false;
	const answer = parseApiAnswer(webhook.schema, found.body, { tool: webhook.tool, call: `GET ${webhook.path(id)}`, prefix: webhook.prefix });
	if (webhook.pointsHere(answer)) return true;
	await webhook.remove(id);
	return false;
}
