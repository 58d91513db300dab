import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ClassifySettings, ResolvedClassifySettings } from '../core/classify';
import { classifyFeedback, resolveClassifySettings } from '../core/classify';
import type { Category, MetricType } from '../core/feedback';
import { readClosedLoopItem } from '../core/feedback';
import { parsePriorityMatrix } from '../core/priority';
import type { ScoringOptions } from '../core/scoring';
import { CATEGORY_POLARITY } from '../core/scoring';
import type { CustomTopic, TopicLibraryMode } from '../core/topics';
import { parseKeywordList } from '../core/topics';
import { eachItem } from '../shared/eachItem';
import { configuredOutputs, scoreClassifyProperties } from './description';

const NODE_NAME = 'Score & Classify';

/** Output of each category's polarity when there is one output per category; no score goes last. */
const OUTPUT_OF_POLARITY = { good: 0, middle: 1, bad: 2 } as const;

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
		properties: scoreClassifyProperties,
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
