import { randomBytes, randomUUID } from 'crypto';
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { FeedbackError } from '../core/feedback';
import type { Feedback, MetricType } from '../core/feedback';
import type { ResponseMapping } from '../core/surveyResponse';
import { buildFeedback } from '../core/surveyResponse';
import { checkBasicAuthCredential, checkSharedSecretCredential } from '../shared/webhookCredentialChecks';
import type { RegistrationData } from './delivery';
import { authenticate, claimDelivery, deliveryScope, recordAcceptedDeliveries, releaseDelivery, startWithAcceptedDelivery } from './delivery';
import { surveyTriggerProperties } from './description';
import type { CustomJsonMapping } from './sources/customJson';
import { DEFAULT_CUSTOM_JSON_MAPPING } from './sources/customJson';
import type { SourceEntry, SourceKey } from './sources';
import { SOURCES, SOURCE_KEYS } from './sources';
import type { RegistrationTarget } from './sources/types';
import { sourceApi } from './transport';
import { readDelivery } from '../shared/inboundDelivery';
import { ApiAnswerError, DeliveryError, SignatureError, isRetryableApiFailure } from '../shared/errors';

interface TriggerSettings {
	apiTimeoutSeconds?: number;
	channel?: string;
	defaultTouchpoint?: string;
	deduplicate?: boolean;
	maxBodyKb?: number;
	localePath?: string;
	requireScore?: boolean;
	scaleMax?: number;
	scaleMin?: number;
	submittedAtPath?: string;
	surveyIdPath?: string;
	touchpointPath?: string;
}

const sourceNames = Object.fromEntries(SOURCE_KEYS.map((key) => [key, SOURCES[key].displayName]));
const registering = SOURCE_KEYS.filter((key) => SOURCES[key].registration);

export class SurveyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Survey Trigger',
		name: 'surveyTrigger',
		icon: { light: 'file:surveyTrigger.svg', dark: 'file:surveyTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ (${JSON.stringify(sourceNames)})[$parameter["source"]] + ($parameter["source"] === "customJson" ? " · " + ({ ces: "CES", csat: "CSAT", nps: "NPS", rating: "Star rating" })[$parameter["metricType"]] : "") }}`,
		description: 'Starts the feedback loop when a survey response (NPS, CSAT or CES) arrives',
		defaults: {
			name: 'Survey Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'closedLoopTypeformApi',
				required: true,
				displayOptions: { show: { source: ['typeform'], registration: ['automatic'] } },
			},
			{
				name: 'closedLoopTallyApi',
				required: true,
				displayOptions: { show: { source: ['tally'], registration: ['automatic'] } },
			},
			{ name: 'closedLoopSurveyMonkeyApi', required: true, displayOptions: { show: { source: ['surveyMonkey'] } } },
			{ name: 'closedLoopQualtricsApi', required: true, displayOptions: { show: { source: ['qualtrics'] } } },
			{
				name: 'surveyWebhookSecretApi',
				required: true,
				testedBy: 'surveyWebhookSecretTest',
				// Shown when a secret is pasted by hand: a tool set up manually, an HMAC or a secret header.
				displayOptions: {
					hide: { source: ['surveyMonkey'], registration: ['automatic'], authentication: ['none', 'basicAuth'] },
				},
			},
			{
				name: 'surveyWebhookBasicAuthApi',
				required: true,
				testedBy: 'surveyWebhookBasicAuthTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty on purpose: n8n otherwise defaults it to 'firstEntryJson' and sends that text
				// instead of the webhookResponse below ({ status, feedbackId }).
				responseData: '',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
			{
				// SurveyMonkey checks the URL with a HEAD request when its webhook is created.
				name: 'setup',
				httpMethod: 'HEAD',
				responseMode: 'onReceived',
				responseData: '',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
		],
		properties: surveyTriggerProperties,
	};

	methods = {
		credentialTest: {
			async surveyWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkSharedSecretCredential(credential.data?.secret);
			},
			async surveyWebhookBasicAuthTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkBasicAuthCredential(credential.data?.user, credential.data?.password);
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const registration = await registrationContext(this);
				if (!registration) return true;
				const { entry, api, target, data } = registration;
				// Without the secret it was created with, an existing webhook could not be verified.
				if (!data.signingSecret) return false;
				return await entry.source.registration!.exists(api, target);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const registration = await registrationContext(this);
				if (!registration) return true;
				const { entry, api, target, data } = registration;
				const secret = randomBytes(32).toString('hex');
				const { webhookId } = await entry.source.registration!.create(api, target, secret);
				data.webhookId = webhookId;
				data.signingSecret = secret;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const registration = await registrationContext(this);
				if (!registration) return true;
				const { entry, api, target, data } = registration;
				await entry.source.registration!.remove(api, target);
				delete data.webhookId;
				delete data.signingSecret;
				return true;
			},
		},
	};

	/**
	 * n8n runs a webhook node's execute(), when it has one, as the first node of the execution the
	 * webhook started. This is where the accepted delivery is recorded: the one place where n8n
	 * 2.41 saves what a webhook node writes (see delivery.ts).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await recordAcceptedDeliveries(this, deliveryScope(this.getWorkflow().id, this.getNode().id, this.getMode()), this.getInputData())];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		if (this.getWebhookName() === 'setup') {
			response.status(200).end();
			return { noWebhookResponse: true };
		}
		const sourceKey = this.getNodeParameter('source', 'customJson') as SourceKey;
		const entry = SOURCES[sourceKey];
		const settings = this.getNodeParameter('settings', {}) as TriggerSettings;
		const answer = (status: number, body: IDataObject): IWebhookResponseData => {
			response.status(status).json(body);
			return { noWebhookResponse: true };
		};
		const refuse = (status: number, error: string, field: string, message: string) => {
			// The message can quote what the customer typed; the log gets the field only.
			this.logger.warn(
				`Survey Trigger (${entry.displayName}) refused a delivery with HTTP ${status}: ${error} at "${field}"`,
			);
			return answer(status, { status: 'rejected', error, field, message });
		};

		let claimed: ReturnType<typeof claimDelivery>;
		let fetchedFromApi = false;
		const scope = deliveryScope(this.getWorkflow().id, this.getNode().id, this.getMode());
		try {
			const delivery = await readDelivery(this, (settings.maxBodyKb ?? 1024) * 1024);
			await authenticate(this, sourceKey, entry, delivery);
			const context = { receivedAt: new Date().toISOString(), newId: randomUUID };
			const event = entry.source.read(delivery, sourceSettings(this, sourceKey), context);
			if (event.kind === 'ignored') return answer(200, { status: 'ignored', reason: event.reason });

			if (settings.deduplicate !== false && event.dedupKey) {
				claimed = claimDelivery(this, scope, `${entry.source.name}:${event.dedupKey}`);
				if (!claimed) {
					this.logger.info(`Survey Trigger (${entry.displayName}) ignored a repeated delivery`);
					return answer(200, { status: 'duplicate', message: 'This delivery was already received' });
				}
			}

			let feedback: Feedback;
			if (event.kind === 'feedback') {
				feedback = event.feedback;
			} else {
				// From here on a problem with what is read comes from the tool's API, not from the sender.
				fetchedFromApi = event.kind === 'fetch';
				const surveyResponse = event.kind === 'fetch' ? await event.fetch(await apiFor(this, entry, settings.apiTimeoutSeconds)) : event.response;
				feedback = buildFeedback(surveyResponse, responseMapping(this, settings), context);
			}
			return {
				workflowData: [[{ json: startWithAcceptedDelivery(scope, { feedback } as unknown as IDataObject, claimed) }]],
				webhookResponse: { status: 'accepted', feedbackId: feedback.id, revision: feedback.revision },
			};
		} catch (error) {
			// A delivery that did not start the workflow must be accepted again when the tool retries.
			if (claimed) releaseDelivery(scope, claimed);
			if (error instanceof DeliveryError) return refuse(error.status, 'invalid_delivery', error.field, error.message);
			if (error instanceof SignatureError) {
				if (error.challenge) response.setHeader('WWW-Authenticate', error.challenge);
				return refuse(401, 'invalid_signature', error.header, error.message);
			}
			const apiAnswer =
				error instanceof ApiAnswerError
					? error
					: fetchedFromApi && error instanceof FeedbackError
						? new ApiAnswerError(error.message, error.field)
						: undefined;
			if (apiAnswer) {
				// The sender did nothing wrong, and a tool never retries a 4xx: 502, or 503 when a retry can help.
				// The message may quote the fetched response; the log gets the field only.
				const status = apiAnswer.retryable ? 503 : 502;
				this.logger.error(
					`Survey Trigger (${entry.displayName}) answered HTTP ${status}: the survey tool's API answer could not be used at "${apiAnswer.field}"`,
				);
				if (apiAnswer.retryable) response.setHeader('Retry-After', '60');
				return answer(status, {
					status: 'retry_later',
					error: 'survey_tool_api_answer',
					field: apiAnswer.field,
					message: apiAnswer.message,
				});
			}
			if (error instanceof FeedbackError) {
				return refuse(400, 'invalid_survey_response', error.field, error.message);
			}
			if (error instanceof NodeApiError) {
				// Not the sender's fault: answer so that the tool retries later.
				const retryable = isRetryableApiFailure(error);
				this.logger.error(`Survey Trigger (${entry.displayName}): ${error.message}`);
				if (retryable) response.setHeader('Retry-After', '60');
				return answer(retryable ? 503 : 502, {
					status: 'retry_later',
					error: 'survey_tool_api_error',
					message: error.message,
				});
			}
			// Anything else is a fault in the trigger itself: n8n answers 500 and logs it.
			throw new NodeOperationError(this.getNode(), error as Error);
		}
	}
}

/* ------------------------------------------------------------------------------------------ *
 * Settings: what the user chose, in the shapes the sources and the core expect.
 * ------------------------------------------------------------------------------------------ */

function sourceSettings(context: IWebhookFunctions, sourceKey: SourceKey): unknown {
	return sourceKey === 'customJson' ? customJsonMapping(context) : undefined;
}

function responseMapping(context: IWebhookFunctions, settings: TriggerSettings): ResponseMapping {
	const questions = context.getNodeParameter('questions', {}) as Partial<
		Record<MetricType | 'comment', string> & Record<'csatScaleMin' | 'csatScaleMax' | 'cesScaleMin' | 'cesScaleMax', number>
	>;
	return {
		questions: { nps: questions.nps, csat: questions.csat, ces: questions.ces, rating: questions.rating },
		scales: {
			csat: { scaleMin: questions.csatScaleMin, scaleMax: questions.csatScaleMax },
			ces: { scaleMin: questions.cesScaleMin, scaleMax: questions.cesScaleMax },
		},
		commentQuestion: questions.comment,
		fields: context.getNodeParameter('respondentFields', {}) as ResponseMapping['fields'],
		defaultTouchpoint: settings.defaultTouchpoint || undefined,
		channel: settings.channel || undefined,
	};
}

function customJsonMapping(context: IWebhookFunctions): CustomJsonMapping {
	const defaults = DEFAULT_CUSTOM_JSON_MAPPING;
	const customerFields = context.getNodeParameter('customerFields', {}) as Partial<CustomJsonMapping>;
	const settings = context.getNodeParameter('settings', {}) as TriggerSettings;
	return {
		...defaults,
		...customerFields,
		localePath: settings.localePath ?? defaults.localePath,
		submittedAtPath: settings.submittedAtPath ?? defaults.submittedAtPath,
		surveyIdPath: settings.surveyIdPath ?? defaults.surveyIdPath,
		touchpointPath: settings.touchpointPath ?? defaults.touchpointPath,
		requireScore: settings.requireScore ?? true,
		defaultTouchpoint: settings.defaultTouchpoint || undefined,
		channel: settings.channel || undefined,
		scale: { scaleMin: settings.scaleMin, scaleMax: settings.scaleMax },
		metricType: context.getNodeParameter('metricType', 'nps') as MetricType,
		scorePath: context.getNodeParameter('scorePath', defaults.scorePath) as string,
		commentPath: context.getNodeParameter('commentPath', defaults.commentPath) as string,
		responseIdPath: context.getNodeParameter('responseIdPath', defaults.responseIdPath) as string,
	};
}

/* ------------------------------------------------------------------------------------------ *
 * The tool's API, for registration and for fetching responses.
 * ------------------------------------------------------------------------------------------ */

async function apiFor(context: IWebhookFunctions | IHookFunctions, entry: SourceEntry, timeoutSeconds?: number) {
	const type = entry.apiCredential!;
	const credentials = await context.getCredentials(type);
	return sourceApi(context, type, credentials, entry.displayName, timeoutSeconds);
}

async function registrationContext(context: IHookFunctions): Promise<
	| { entry: SourceEntry; api: Awaited<ReturnType<typeof apiFor>>; target: RegistrationTarget; data: RegistrationData }
	| undefined
> {
	const sourceKey = context.getNodeParameter('source', 'customJson') as SourceKey;
	if (!registering.includes(sourceKey)) return undefined;
	if ((context.getNodeParameter('registration', 'automatic') as string) !== 'automatic') return undefined;
	const entry = SOURCES[sourceKey];
	const data = context.getWorkflowStaticData('node') as RegistrationData;
	const target: RegistrationTarget = {
		webhookUrl: context.getNodeWebhookUrl('default') as string,
		formId: (context.getNodeParameter('formId', '') as string).trim(),
		registered: { webhookId: data.webhookId },
	};
	return { entry, api: await apiFor(context, entry), target, data };
}
