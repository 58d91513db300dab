import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { DEFAULT_CUSTOMER_VALUE_PATH, DEFAULT_SEGMENT_PATH } from '../core/classify';

/** Output names per routing mode; evaluated by the editor and the engine, so it must stand alone. */
export function configuredOutputs(parameters: INodeParameters) {
	const names: Record<string, string[]> = {
		perNps: ['Promoter', 'Passive', 'Detractor', 'No Score'],
		perSatisfaction: ['Satisfied', 'Neutral', 'Dissatisfied', 'No Score'],
	};
	const chosen = names[String(parameters.outputMode)];
	return chosen ? chosen.map((displayName) => ({ type: 'main', displayName })) : [{ type: 'main' }];
}

const EXAMPLE_RULE = JSON.stringify(
	{
		combine: 'all',
		conditions: [
			{ kind: 'metric', metric: 'csat', atMost: 1 },
			{ kind: 'topic', any: ['purchase'] },
		],
	},
	null,
	2,
);

/** The editor's settings of Score & Classify; the node file holds its identity. */
export const scoreClassifyProperties: INodeProperties[] = [
	{
		displayName: 'Driving Score',
		name: 'primaryMetric',
		type: 'options',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description: 'NPS if the response has one, otherwise CSAT, then CES, then star rating',
			},
			{ name: 'CES', value: 'ces' },
			{ name: 'CSAT', value: 'csat' },
			{ name: 'NPS', value: 'nps' },
			{ name: 'Star Rating', value: 'rating' },
		],
		default: 'auto',
		description:
			'Which score decides the response’s category when it has several. All scores are classified either way.',
	},
	{
		displayName: 'When the Score Is Missing',
		name: 'whenUnscored',
		type: 'options',
		options: [
			{
				name: 'Continue Without a Category',
				value: 'continue',
				description:
					'Classify what can be (the comment’s sentiment and topics), with an empty category and a reason saying what was missing',
			},
			{
				name: 'Fail the Response',
				value: 'fail',
				description: 'Stop on this response, or send it to the error output if the node is set to continue',
			},
		],
		default: 'continue',
	},
	{
		displayName: 'Outputs',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Output', value: 'single', description: 'Every response on one output' },
			{
				name: 'One per NPS Category',
				value: 'perNps',
				description: 'Promoter, Passive, Detractor, and No Score (CSAT and CES go by good, middle, bad)',
			},
			{
				name: 'One per Satisfaction Category',
				value: 'perSatisfaction',
				description: 'Satisfied, Neutral, Dissatisfied, and No Score (NPS and CES go by good, middle, bad)',
			},
		],
		default: 'single',
	},
	{
		displayName: 'Comment Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'Detect per Comment', value: 'auto', description: 'English or French; other languages are marked unknown' },
			{ name: 'English', value: 'en' },
			{ name: 'French', value: 'fr' },
		],
		default: 'auto',
		description: 'The language the comments are read in for sentiment',
	},
	{
		displayName: 'Topics',
		name: 'topicLibrary',
		type: 'options',
		options: [
			{ name: 'Built-In Topics', value: 'builtIn', description: 'Delivery, price, staff, quality, billing, waiting, website, purchase, support, returns' },
			{ name: 'Built-In Topics and Mine', value: 'extend', description: 'Add keywords or topics to the built-in ones' },
			{ name: 'Only My Topics', value: 'replace' },
		],
		default: 'builtIn',
		description: 'Which keyword lists tag the comment’s topics (English and French, accents and plurals handled)',
	},
	{
		displayName: 'My Topics',
		name: 'customTopics',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Topic',
		default: {},
		displayOptions: { show: { topicLibrary: ['extend', 'replace'] } },
		options: [
			{
				displayName: 'Topic',
				name: 'topic',
				values: [
					{
						displayName: 'Topic ID',
						name: 'topic',
						type: 'string',
						default: '',
						placeholder: 'loyalty_card',
						description: 'Use a built-in ID (delivery, price…) to add keywords to it',
					},
					{ displayName: 'Label', name: 'label', type: 'string', default: '', placeholder: 'Loyalty card' },
					{
						displayName: 'Keywords',
						name: 'keywords',
						type: 'string',
						default: '',
						placeholder: 'loyalty card, carte de fidélité, points',
						description: 'Words or phrases, separated by commas',
					},
				],
			},
		],
	},
	{
		displayName: 'Bad Experience',
		name: 'badExperience',
		type: 'options',
		options: [
			{
				name: 'Default Rule',
				value: 'default',
				description: 'A detractor, a CSAT of 2 or less, or a negative comment on a score that is not good',
			},
			{ name: 'My Rule', value: 'custom', description: 'Conditions on scores, categories, sentiment and topics' },
		],
		default: 'default',
		description: 'When a response is flagged as a bad experience someone must act on',
	},
	{
		displayName: 'Rule (JSON)',
		name: 'badExperienceRule',
		type: 'json',
		default: EXAMPLE_RULE,
		displayOptions: { show: { badExperience: ['custom'] } },
		description:
			'Combine "all" or "any" conditions: category, metric (atMost/atLeast), sentiment, topic, or a nested group. The example flags a CSAT of 1 that mentions a purchase.',
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'collection',
		placeholder: 'Change Priority Setting',
		default: {},
		description:
			'P1 to P4 from the category and the comment’s sentiment, raised for high-value or VIP customers. See the node documentation for the default matrix.',
		options: [
			{
				displayName: 'Customer Value Field',
				name: 'customerValuePath',
				type: 'string',
				default: DEFAULT_CUSTOMER_VALUE_PATH,
				description: 'Where the customer’s value (e.g. yearly revenue) is on the item, as a dot path',
			},
			{
				displayName: 'High Value From',
				name: 'highValueFrom',
				type: 'number',
				default: 0,
				description: 'Customers worth at least this are raised one priority level. 0 turns this off.',
			},
			{
				displayName: 'Matrix Changes (JSON)',
				name: 'matrix',
				type: 'json',
				default: '{}',
				description:
					'Cells that replace the default matrix, e.g. {"passive": {"negative": "P1"}}. Rows are categories, columns negative, neutral, positive, unknown.',
			},
			{
				displayName: 'Segment Field',
				name: 'segmentPath',
				type: 'string',
				default: DEFAULT_SEGMENT_PATH,
				description: 'Where the customer’s segment or tier is on the item, as a dot path',
			},
			{
				displayName: 'VIP Segments',
				name: 'vipSegments',
				type: 'string',
				default: 'VIP',
				description: 'Segments raised one priority level, separated by commas',
			},
		],
	},
	{
		displayName: 'Thresholds',
		name: 'thresholds',
		type: 'collection',
		placeholder: 'Change Threshold',
		default: {},
		description:
			'Where satisfied and dissatisfied start. By default the top two boxes of a CSAT or star scale are satisfied and the bottom two dissatisfied; on CES 1-7, 5-7 is easy and 1-3 difficult.',
		options: [
			{
				displayName: 'CES Difficult Up To',
				name: 'cesBadUpTo',
				type: 'number',
				default: 3,
				description: 'Highest CES score counted as a difficult experience',
			},
			{
				displayName: 'CES Easy From',
				name: 'cesGoodFrom',
				type: 'number',
				default: 5,
				description: 'Lowest CES score counted as an easy experience',
			},
			{
				displayName: 'CSAT Dissatisfied Up To',
				name: 'csatBadUpTo',
				type: 'number',
				default: 2,
				description: 'Highest CSAT score counted as dissatisfied',
			},
			{
				displayName: 'CSAT Satisfied From',
				name: 'csatGoodFrom',
				type: 'number',
				default: 4,
				description: 'Lowest CSAT score counted as satisfied',
			},
			{
				displayName: 'Star Rating Dissatisfied Up To',
				name: 'ratingBadUpTo',
				type: 'number',
				default: 2,
				description: 'Highest star rating counted as dissatisfied',
			},
			{
				displayName: 'Star Rating Satisfied From',
				name: 'ratingGoodFrom',
				type: 'number',
				default: 4,
				description: 'Lowest star rating counted as satisfied',
			},
		],
	},
];
