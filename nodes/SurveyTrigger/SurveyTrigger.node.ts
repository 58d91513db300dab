import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { checkBasicAuthCredential, checkSharedSecretCredential } from '../shared/webhookCredentialChecks';
import { deliveryScope, recordAcceptedDeliveries } from './delivery';
import {
	SURVEY_TRIGGER_WEBHOOKS,
	apiCredentials,
	pastedSecretDisplay,
	surveyTriggerProperties,
	surveyTriggerSubtitle,
} from './description';
import { receiveDelivery } from './receive';
import { registerWebhook, removeWebhook, webhookExists } from './registration';
import type { TriggerSettings } from './settings';
import { responseMapping } from './settings';
import { DEFAULT_SOURCE, SURVEY_SOURCES, surveySource } from './sources';
import type { ParameterReader } from './sources/types';

export class SurveyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Survey Trigger',
		name: 'surveyTrigger',
		icon: { light: 'file:surveyTrigger.svg', dark: 'file:surveyTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: surveyTriggerSubtitle(SURVEY_SOURCES),
		description: 'Starts the feedback loop when a survey response (NPS, CSAT or CES) arrives',
		defaults: {
			name: 'Survey Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Each source's API credential is added by the constructor, from the source list.
		credentials: [
			{
				name: 'surveyWebhookSecretApi',
				required: true,
				testedBy: 'surveyWebhookSecretTest',
				displayOptions: pastedSecretDisplay(SURVEY_SOURCES),
			},
			{
				name: 'surveyWebhookBasicAuthApi',
				required: true,
				testedBy: 'surveyWebhookBasicAuthTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		],
		webhooks: SURVEY_TRIGGER_WEBHOOKS,
		properties: surveyTriggerProperties(SURVEY_SOURCES, DEFAULT_SOURCE),
	};

	constructor() {
		// Built here rather than in the literal above, which n8n's lint reads and which must stay literal.
		this.description.credentials = [...apiCredentials(SURVEY_SOURCES), ...(this.description.credentials ?? [])];
	}

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
				return await webhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await removeWebhook(this);
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
		const parameter: ParameterReader = (name, fallback) => this.getNodeParameter(name, fallback) as typeof fallback;
		const source = surveySource(parameter('source', DEFAULT_SOURCE));
		const settings = parameter<TriggerSettings>('settings', {});
		const outcome = await receiveDelivery(this, source, {
			settings,
			mapping: responseMapping(parameter, settings),
			sourceSettings: source.settings?.(parameter, settings),
		});
		if ('item' in outcome) return { workflowData: [[{ json: outcome.item }]], webhookResponse: outcome.answer };
		for (const [name, value] of Object.entries(outcome.headers)) response.setHeader(name, value);
		response.status(outcome.status).json(outcome.body);
		return { noWebhookResponse: true };
	}
}
