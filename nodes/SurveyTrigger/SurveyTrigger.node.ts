import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { FeedbackError } from '../core/feedback';
import type { MetricType } from '../core/feedback';
import type { CustomJsonMapping } from './sources/customJson';
import { DEFAULT_CUSTOM_JSON_MAPPING, customJsonSource } from './sources/customJson';

const defaults = DEFAULT_CUSTOM_JSON_MAPPING;

export class SurveyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Survey Trigger',
		name: 'surveyTrigger',
		icon: { light: 'file:surveyTrigger.svg', dark: 'file:surveyTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ({ customJson: "Custom JSON" })[$parameter["source"]] + " · " + ({ ces: "CES", csat: "CSAT", nps: "NPS", rating: "Star rating" })[$parameter["metricType"]] }}',
		description: 'Starts the feedback loop when a survey response (NPS, CSAT or CES) arrives',
		defaults: {
			name: 'Survey Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
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
		],
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				options: [
					{
						name: 'Custom JSON',
						value: 'customJson',
						description: 'Your own form, kiosk, call-centre IVR or app posts JSON to this webhook',
					},
				],
				default: 'customJson',
				description: 'The survey tool that sends the responses',
			},
			{
				displayName: 'Webhook Path',
				name: 'path',
				type: 'string',
				default: 'survey-responses',
				required: true,
				placeholder: 'nps-after-delivery',
				description:
					'The last part of the address the survey tool posts to. Use a different path for each workflow.',
			},
			{
				displayName: 'Survey Type',
				name: 'metricType',
				type: 'options',
				options: [
					{ name: 'CES (Customer Effort, 1-7)', value: 'ces' },
					{ name: 'CSAT (Satisfaction, 1-5)', value: 'csat' },
					{ name: 'NPS (Recommend, 0-10)', value: 'nps' },
					{ name: 'Star Rating (1-5)', value: 'rating' },
				],
				default: 'nps',
				description: 'What the score question measures. Other scales can be set under Options.',
			},
			{
				displayName: 'Score Field',
				name: 'scorePath',
				type: 'string',
				default: 'score',
				required: true,
				placeholder: 'answers.nps',
				description: 'Where the score is in the posted JSON. Use dots for nested fields, e.g. answers.nps.',
			},
			{
				displayName: 'Comment Field',
				name: 'commentPath',
				type: 'string',
				default: 'comment',
				description: 'Where the customer’s free-text comment is. Leave empty if the survey has none.',
			},
			{
				displayName: 'Response ID Field',
				name: 'responseIdPath',
				type: 'string',
				default: 'responseId',
				description:
					'Where the unique ID of the response is. It keeps a resent response recognisable as the same one.',
			},
			{
				displayName: 'Customer Fields',
				name: 'customerFields',
				type: 'collection',
				placeholder: 'Change Field',
				default: {},
				description: 'Where the customer details are in the posted JSON, if not in the default fields',
				options: [
					{
						displayName: 'Contact Consent Field',
						name: 'consentPath',
						type: 'string',
						default: 'consent',
						description: 'Yes/no answer to “may we contact you about this?”',
					},
					{
						displayName: 'Customer ID Field',
						name: 'customerIdPath',
						type: 'string',
						default: 'customerId',
					},
					{
						displayName: 'Customer Value Field',
						name: 'customerValuePath',
						type: 'string',
						default: 'customerValue',
						description: 'A number such as yearly revenue, used later to prioritise cases',
					},
					{
						displayName: 'Email Field',
						name: 'emailPath',
						type: 'string',
						default: 'email',
					},
					{
						displayName: 'Name Field',
						name: 'namePath',
						type: 'string',
						default: 'name',
					},
					{
						displayName: 'Phone Field',
						name: 'phonePath',
						type: 'string',
						default: 'phone',
					},
					{
						displayName: 'Segment Field',
						name: 'segmentPath',
						type: 'string',
						default: 'segment',
						description: 'Customer segment or tier, e.g. VIP',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Channel',
						name: 'channel',
						type: 'string',
						default: '',
						placeholder: 'web',
						description: 'How the survey was answered (web, email, SMS, kiosk, IVR)',
					},
					{
						displayName: 'Default Touchpoint',
						name: 'defaultTouchpoint',
						type: 'string',
						default: '',
						placeholder: 'delivery',
						description:
							'The moment of the customer journey being rated, when the response does not say it (delivery, support call, store visit…)',
					},
					{
						displayName: 'Language Field',
						name: 'localePath',
						type: 'string',
						default: 'locale',
					},
					{
						displayName: 'Require a Score',
						name: 'requireScore',
						type: 'boolean',
						default: true,
						description:
							'Whether to refuse responses without a score. Turn off to accept comment-only responses.',
					},
					{
						displayName: 'Scale Maximum',
						name: 'scaleMax',
						type: 'number',
						default: 5,
						description: 'Highest possible score, when the survey does not use the usual scale',
					},
					{
						displayName: 'Scale Minimum',
						name: 'scaleMin',
						type: 'number',
						default: 1,
						description: 'Lowest possible score, when the survey does not use the usual scale',
					},
					{
						displayName: 'Submitted At Field',
						name: 'submittedAtPath',
						type: 'string',
						default: 'submittedAt',
						description: 'When the customer answered. If missing, the time it arrived is used.',
					},
					{
						displayName: 'Survey ID Field',
						name: 'surveyIdPath',
						type: 'string',
						default: 'surveyId',
					},
					{
						displayName: 'Touchpoint Field',
						name: 'touchpointPath',
						type: 'string',
						default: 'touchpoint',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			// Custom JSON has nothing to register with a survey tool: the sender is configured by hand.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const mapping = readMapping(this);
		try {
			const feedback = customJsonSource.normalise(this.getBodyData(), mapping, {
				receivedAt: new Date().toISOString(),
				newId: randomUUID,
			});
			return {
				workflowData: [[{ json: { feedback } as unknown as IDataObject }]],
				webhookResponse: { status: 'accepted', feedbackId: feedback.id },
			};
		} catch (error) {
			// A response we cannot read is the sender's problem: answer 400 and start nothing.
			const field = error instanceof FeedbackError ? error.field : 'body';
			const message = error instanceof Error ? error.message : 'The request body could not be read';
			// The message can quote what the customer typed; the log gets the field only.
			this.logger.warn(`Survey Trigger refused a response: field "${field}" could not be read`);
			response.status(400).json({ status: 'rejected', error: 'invalid_survey_response', field, message });
			return { noWebhookResponse: true };
		}
	}
}

function readMapping(context: IWebhookFunctions): CustomJsonMapping {
	const customerFields = context.getNodeParameter('customerFields', {}) as Partial<CustomJsonMapping>;
	const options = context.getNodeParameter('options', {}) as Partial<CustomJsonMapping> & {
		scaleMin?: number;
		scaleMax?: number;
	};
	return {
		...defaults,
		...customerFields,
		localePath: options.localePath ?? defaults.localePath,
		submittedAtPath: options.submittedAtPath ?? defaults.submittedAtPath,
		surveyIdPath: options.surveyIdPath ?? defaults.surveyIdPath,
		touchpointPath: options.touchpointPath ?? defaults.touchpointPath,
		requireScore: options.requireScore ?? true,
		defaultTouchpoint: options.defaultTouchpoint || undefined,
		channel: options.channel || undefined,
		scale: { scaleMin: options.scaleMin, scaleMax: options.scaleMax },
		metricType: context.getNodeParameter('metricType', 'nps') as MetricType,
		scorePath: context.getNodeParameter('scorePath', defaults.scorePath) as string,
		commentPath: context.getNodeParameter('commentPath', defaults.commentPath) as string,
		responseIdPath: context.getNodeParameter('responseIdPath', defaults.responseIdPath) as string,
	};
}
