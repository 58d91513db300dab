import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ClassifySettings, ResolvedClassifySettings } from '../core/classify';
import { DEFAULT_CUSTOMER_VALUE_PATH, DEFAULT_SEGMENT_PATH, classifyFeedback, resolveClassifySettings } from '../core/classify';
import type { Category, MetricType } from '../core/feedback';
import { readClosedLoopItem } from '../core/feedback';
import { parsePriorityMatrix } from '../core/priority';
import type { ScoringOptions } from '../core/scoring';
import { CATEGORY_POLARITY } from '../core/scoring';
import type { CustomTopic, TopicLibraryMode } from '../core/topics';
import { parseKeywordList } from '../core/topics';
import { eachItem } from '../shared/eachItem';

const NODE_NAME = 'Score & Classify';

/** Output names per routing mode; evaluated by the editor and the engine, so it must stand alone. */
function configuredOutputs(parameters: INodeParameters) {
	const names: Record<string, string[]> = {
		perNps: ['Promoter', 'Passive', 'Detractor', 'No Score'],
		perSatisfaction: ['Satisfied', 'Neutral', 'Dissatisfied', 'No Score'],
	};
	const chosen = names[String(parameters.outputMode)];
	return chosen ? chosen.map((displayName) => ({ type: 'main', displayName })) : [{ type: 'main' }];
}

/** Output of each category's polarity when there is one output per category; no score goes last. */
const OUTPUT_OF_POLARITY = { good: 0, middle: 1, bad: 2 } as const;
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

export class ScoreClassify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Score & Classify',
		name: 'scoreClassify',
		icon: { light: 'file:scoreClassify.svg', dark: 'file:scoreClassify.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ "Driven by " + ({ auto: "the first score", ces: "CES", csat: "CSAT", nps: "NPS", rating: "star rating" })[$parameter["primaryMetric"]] }}',
		description:
			'Sorts survey responses into promoters, passives and detractors (or satisfied, neutral, dissatisfied), reads the comment’s sentiment and topics in English and French, and sets a priority',
		defaults: {
			name: 'Score & Classify',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		usableAsTool: true,
		properties: [
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
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Settings are checked once per run, unless an expression makes them differ per item.
		const perItem = JSON.stringify(this.getNode().parameters).includes('={{');
		let shared: ResolvedClassifySettings | undefined;
		const classified = await eachItem(this, (item, itemIndex) => {
			const settings = perItem ? resolveClassifySettings(readSettings(this, itemIndex)) : (shared ??= resolveClassifySettings(readSettings(this, 0)));
			const record = readClosedLoopItem(item.json, NODE_NAME);
			const classification = classifyFeedback(record.feedback, item.json, settings);
			// This node owns `classification`: keep what others added to it, replace what it computes.
			const earlier = isObject(item.json.classification) ? item.json.classification : {};
			return { ...item.json, classification: { ...earlier, ...classification } } as IDataObject;
		});
		const mode = this.getNodeParameter('outputMode', 0, 'single') as string;
		if (mode === 'single') return [classified];
		const outputs: INodeExecutionData[][] = [[], [], [], []];
		for (const item of classified) {
			const category = (item.json.classification as IDataObject | undefined)?.category as Category | null | undefined;
			// Items that failed with "continue" stay on the first output, as n8n does.
			outputs[item.json.error !== undefined ? 0 : category ? OUTPUT_OF_POLARITY[CATEGORY_POLARITY[category]] : 3].push(item);
		}
		return outputs;
	}
}

function readSettings(context: IExecuteFunctions, itemIndex: number): ClassifySettings {
	const thresholds = context.getNodeParameter('thresholds', itemIndex, {}) as Record<string, number | undefined>;
	const scoring: ScoringOptions = {
		primaryMetric: context.getNodeParameter('primaryMetric', itemIndex, 'auto') as MetricType | 'auto',
		allowUnscored: context.getNodeParameter('whenUnscored', itemIndex, 'continue') === 'continue',
		csat: { goodFrom: thresholds.csatGoodFrom, badUpTo: thresholds.csatBadUpTo },
		ces: { goodFrom: thresholds.cesGoodFrom, badUpTo: thresholds.cesBadUpTo },
		rating: { goodFrom: thresholds.ratingGoodFrom, badUpTo: thresholds.ratingBadUpTo },
	};
	const priority = context.getNodeParameter('priority', itemIndex, {}) as {
		customerValuePath?: string;
		highValueFrom?: number;
		matrix?: unknown;
		segmentPath?: string;
		vipSegments?: string;
	};
	const matrix = typeof priority.matrix === 'string' ? priority.matrix.trim() : priority.matrix;
	const customTopics = context.getNodeParameter('customTopics', itemIndex, {}) as { topic?: CustomTopic[] };
	return {
		scoring,
		language: context.getNodeParameter('language', itemIndex, 'auto') as ClassifySettings['language'],
		topics: {
			mode: context.getNodeParameter('topicLibrary', itemIndex, 'builtIn') as TopicLibraryMode,
			custom: customTopics.topic ?? [],
		},
		badExperienceRule:
			context.getNodeParameter('badExperience', itemIndex, 'default') === 'custom'
				? context.getNodeParameter('badExperienceRule', itemIndex, '')
				: undefined,
		priority: {
			highValueFrom: priority.highValueFrom ? priority.highValueFrom : null,
			vipSegments: parseKeywordList(priority.vipSegments ?? 'VIP'),
			matrix: matrix === undefined || matrix === '' ? null : parsePriorityMatrix(matrix, 'priority.matrix'),
		},
		customerValuePath: priority.customerValuePath,
		segmentPath: priority.segmentPath,
	};
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
