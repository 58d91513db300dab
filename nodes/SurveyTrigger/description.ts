import type { INodeProperties } from 'n8n-workflow';

import type { SourceKey } from './sources';
import { SOURCE_KEYS, SOURCES } from './sources';

const only = (...sources: SourceKey[]) => ({ show: { source: sources } });
const registering = SOURCE_KEYS.filter((key) => SOURCES[key].registration);
const unsigned = SOURCE_KEYS.filter((key) => SOURCES[key].signature === 'none');
const surveyTools = SOURCE_KEYS.filter((key) => key !== 'customJson');

const sourceOption: INodeProperties = {
	displayName: 'Source',
	name: 'source',
	type: 'options',
	noDataExpression: true,
	options: SOURCE_KEYS.map((key) => ({ name: SOURCES[key].displayName, value: key, description: SOURCES[key].summary })),
	default: 'customJson',
	description: 'The survey tool that sends the responses',
};

const registrationProperties: INodeProperties[] = [
	{
		displayName: 'Webhook Set-Up',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		displayOptions: only(...registering),
		options: [
			{
				name: 'I Set It Up in the Survey Tool',
				value: 'manual',
				description: 'Paste the production URL into the survey tool, and its signing secret into a Survey Webhook Secret credential',
			},
			{
				name: 'Register It for Me',
				value: 'automatic',
				description:
					'Publishing the workflow creates the webhook in the survey tool with a new signing secret; unpublishing it removes the webhook',
			},
		],
		default: 'automatic',
	},
	{
		displayName: 'Form ID',
		name: 'formId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'u6nXL7',
		displayOptions: { show: { source: ['typeform', 'tally'], registration: ['automatic'] } },
		description: 'The form whose responses start this workflow. It is the last part of the form’s share link.',
	},
	{
		displayName: 'Survey ID',
		name: 'formId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SV_0Bxt4Zc8eR2AbcD',
		displayOptions: { show: { source: ['qualtrics', 'surveyMonkey'], registration: ['automatic'] } },
		description: 'The survey whose completed responses start this workflow',
	},
];

const authenticationOptions = [
	{ name: 'Basic Auth', value: 'basicAuth', description: 'The sender logs in with a user name and password' },
	{ name: 'None', value: 'none', description: 'Anyone who knows the URL can post responses' },
	{ name: 'Secret Header', value: 'secretHeader', description: 'The sender adds a header carrying a shared secret' },
];

const authentication = (sources: SourceKey[], options: typeof authenticationOptions): INodeProperties => ({
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	displayOptions: only(...sources),
	options,
	default: 'none',
	description: 'How the trigger recognises deliveries from your survey tool. Deliveries that fail get HTTP 401.',
});

const authenticationProperties: INodeProperties[] = [
	authentication(unsigned, authenticationOptions),
	authentication(
		['customJson'],
		[
			authenticationOptions[0],
			{
				name: 'HMAC Signature',
				value: 'hmac',
				description: 'The sender signs each body with a shared secret, like most survey tools do',
			},
			...authenticationOptions.slice(1),
		],
	),
	{
		displayName: 'Header Name',
		name: 'headerName',
		type: 'string',
		default: 'X-Webhook-Secret',
		displayOptions: { show: { source: [...unsigned, 'customJson'], authentication: ['secretHeader'] } },
		description: 'The header whose value must equal the secret in the credential',
	},
	{
		displayName: 'Signature',
		name: 'hmac',
		type: 'collection',
		placeholder: 'Change Setting',
		default: {},
		displayOptions: { show: { source: ['customJson'], authentication: ['hmac'] } },
		description: 'How the sender signs: the HMAC of the raw body, keyed with the secret in the credential',
		options: [
			{
				displayName: 'Algorithm',
				name: 'algorithm',
				type: 'options',
				options: [
					{ name: 'SHA-1', value: 'sha1' },
					{ name: 'SHA-256', value: 'sha256' },
					{ name: 'SHA-512', value: 'sha512' },
				],
				default: 'sha256',
			},
			{
				displayName: 'Encoding',
				name: 'encoding',
				type: 'options',
				options: [
					{ name: 'Base64', value: 'base64' },
					{ name: 'Hex', value: 'hex' },
				],
				default: 'hex',
			},
			{
				displayName: 'Prefix',
				name: 'prefix',
				type: 'string',
				default: '',
				placeholder: 'sha256=',
				description: 'Text the sender puts before the signature in the header, if any',
			},
			{
				displayName: 'Signature Header',
				name: 'header',
				type: 'string',
				default: 'X-Signature',
			},
			{
				displayName: 'Timestamp Header',
				name: 'timestampHeader',
				type: 'string',
				default: '',
				placeholder: 'X-Timestamp',
				description:
					'Header with the time of sending (Unix seconds or ISO 8601). When set, the signed text is the timestamp, a dot, then the body, and old deliveries are refused, so a captured request cannot be replayed.',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How far the timestamp may be from now',
			},
		],
	},
];

const questionProperties: INodeProperties[] = [
	{
		displayName: 'Questions',
		name: 'questions',
		type: 'collection',
		placeholder: 'Name a Question',
		default: {},
		displayOptions: only(...surveyTools),
		description:
			'Which question holds which score. Name a question by its ID, reference or wording. Left empty, the trigger finds it: a 0-10 or NPS question is the NPS, a question about satisfaction the CSAT, about effort the CES.',
		options: [
			{ displayName: 'CES Question', name: 'ces', type: 'string', default: '', placeholder: 'effort' },
			{ displayName: 'CES Scale Maximum', name: 'cesScaleMax', type: 'number', default: 7 },
			{ displayName: 'CES Scale Minimum', name: 'cesScaleMin', type: 'number', default: 1 },
			{ displayName: 'Comment Question', name: 'comment', type: 'string', default: '', placeholder: 'why' },
			{ displayName: 'CSAT Question', name: 'csat', type: 'string', default: '', placeholder: 'satisfaction' },
			{ displayName: 'CSAT Scale Maximum', name: 'csatScaleMax', type: 'number', default: 5 },
			{ displayName: 'CSAT Scale Minimum', name: 'csatScaleMin', type: 'number', default: 1 },
			{ displayName: 'NPS Question', name: 'nps', type: 'string', default: '', placeholder: 'nps_delivery' },
			{ displayName: 'Star Rating Question', name: 'rating', type: 'string', default: '', placeholder: 'stars' },
		],
	},
	{
		displayName: 'Customer Fields',
		name: 'respondentFields',
		type: 'collection',
		placeholder: 'Name a Field',
		default: {},
		displayOptions: only(...surveyTools),
		description:
			'Which answer or hidden field holds each customer detail. Left empty, the trigger looks for email and phone questions and hidden fields such as email, phone, customer_id and consent.',
		options: [
			{ displayName: 'Contact Consent', name: 'consent', type: 'string', default: '', placeholder: 'may_we_contact_you' },
			{ displayName: 'Customer ID', name: 'customerId', type: 'string', default: '', placeholder: 'customer_id' },
			{ displayName: 'Customer Value', name: 'value', type: 'string', default: '', placeholder: 'yearly_revenue' },
			{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'email' },
			{ displayName: 'Language', name: 'locale', type: 'string', default: '', placeholder: 'lang' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'full_name' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'phone' },
			{ displayName: 'Segment', name: 'segment', type: 'string', default: '', placeholder: 'tier' },
			{ displayName: 'Touchpoint', name: 'touchpoint', type: 'string', default: '', placeholder: 'touchpoint' },
		],
	},
];

const customJsonOnly = only('customJson');

const customJsonProperties: INodeProperties[] = [
	{
		displayName: 'Survey Type',
		name: 'metricType',
		type: 'options',
		displayOptions: customJsonOnly,
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
		displayOptions: customJsonOnly,
		default: 'score',
		required: true,
		placeholder: 'answers.nps',
		description: 'Where the score is in the posted JSON. Use dots for nested fields, e.g. answers.nps.',
	},
	{
		displayName: 'Comment Field',
		name: 'commentPath',
		type: 'string',
		displayOptions: customJsonOnly,
		default: 'comment',
		description: 'Where the customer’s free-text comment is. Leave empty if the survey has none.',
	},
	{
		displayName: 'Response ID Field',
		name: 'responseIdPath',
		type: 'string',
		displayOptions: customJsonOnly,
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
		displayOptions: customJsonOnly,
		description: 'Where the customer details are in the posted JSON, if not in the default fields',
		options: [
			{
				displayName: 'Contact Consent Field',
				name: 'consentPath',
				type: 'string',
				default: 'consent',
				description: 'Yes/no answer to “may we contact you about this?”',
			},
			{ displayName: 'Customer ID Field', name: 'customerIdPath', type: 'string', default: 'customerId' },
			{
				displayName: 'Customer Value Field',
				name: 'customerValuePath',
				type: 'string',
				default: 'customerValue',
				description: 'A number such as yearly revenue, used later to prioritise cases',
			},
			{ displayName: 'Email Field', name: 'emailPath', type: 'string', default: 'email' },
			{ displayName: 'Name Field', name: 'namePath', type: 'string', default: 'name' },
			{ displayName: 'Phone Field', name: 'phonePath', type: 'string', default: 'phone' },
			{
				displayName: 'Segment Field',
				name: 'segmentPath',
				type: 'string',
				default: 'segment',
				description: 'Customer segment or tier, e.g. VIP',
			},
		],
	},
];

const forCustomJson = { show: { '/source': ['customJson'] } };

const optionProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'settings',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'API Timeout (Seconds)',
				name: 'apiTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 120 },
				default: 15,
				displayOptions: { show: { '/source': ['qualtrics', 'surveyMonkey'] } },
				description:
					'How long to wait for the survey tool’s API when fetching a response. A slower answer gets HTTP 503, so the tool sends the delivery again later.',
			},
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
				displayName: 'Ignore Repeated Deliveries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether a delivery the survey tool sends again (a retry) is answered without starting the workflow a second time',
			},
			{
				displayName: 'Language Field',
				name: 'localePath',
				type: 'string',
				default: 'locale',
				displayOptions: forCustomJson,
			},
			{
				displayName: 'Maximum Body Size (KB)',
				name: 'maxBodyKb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description: 'Larger deliveries are refused with HTTP 413',
			},
			{
				displayName: 'Require a Score',
				name: 'requireScore',
				type: 'boolean',
				default: true,
				displayOptions: forCustomJson,
				description:
					'Whether to refuse responses without a score. Turn off to accept comment-only responses.',
			},
			{
				displayName: 'Scale Maximum',
				name: 'scaleMax',
				type: 'number',
				default: 5,
				displayOptions: forCustomJson,
				description: 'Highest possible score, when the survey does not use the usual scale',
			},
			{
				displayName: 'Scale Minimum',
				name: 'scaleMin',
				type: 'number',
				default: 1,
				displayOptions: forCustomJson,
				description: 'Lowest possible score, when the survey does not use the usual scale',
			},
			{
				displayName: 'Submitted At Field',
				name: 'submittedAtPath',
				type: 'string',
				default: 'submittedAt',
				displayOptions: forCustomJson,
				description: 'When the customer answered. If missing, the time it arrived is used.',
			},
			{
				displayName: 'Survey ID Field',
				name: 'surveyIdPath',
				type: 'string',
				default: 'surveyId',
				displayOptions: forCustomJson,
			},
			{
				displayName: 'Touchpoint Field',
				name: 'touchpointPath',
				type: 'string',
				default: 'touchpoint',
				displayOptions: forCustomJson,
			},
		],
	},
	{
		// n8n reads this before the node runs (webhook-helpers parseRequestBody, node version 1):
		// with it, n8n leaves the body unparsed and the trigger decodes the exact bytes itself, so
		// signatures are checked over what the tool signed and bad bodies get a 400 naming the problem.
		displayName: 'Raw Body',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
	},
];

export const surveyTriggerProperties: INodeProperties[] = [
	sourceOption,
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
		displayName:
			'SurveyMonkey and Qualtrics webhooks carry only IDs: the trigger fetches each response with your API credential before the workflow starts',
		name: 'fetchNotice',
		type: 'notice',
		default: '',
		displayOptions: only('qualtrics', 'surveyMonkey'),
	},
	...registrationProperties,
	...authenticationProperties,
	...questionProperties,
	...customJsonProperties,
	...optionProperties,
];
