import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readClosedLoopItem } from '../core/feedback';
import type { MetricType } from '../core/feedback';
import type { ScoringOptions } from '../core/scoring';
import { classifyScores } from '../core/scoring';
import { eachItem } from '../shared/eachItem';

const NODE_NAME = 'Score & Classify';

export class ScoreClassify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Score & Classify',
		name: 'scoreClassify',
		icon: { light: 'file:scoreClassify.svg', dark: 'file:scoreClassify.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ "Driven by " + ({ auto: "the first score", ces: "CES", csat: "CSAT", nps: "NPS", rating: "star rating" })[$parameter["primaryMetric"]] }}',
		description: 'Sorts survey responses into promoters, passives and detractors (or satisfied, neutral, dissatisfied)',
		defaults: {
			name: 'Score & Classify',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
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
						description: 'Pass the response on with an empty category and a note saying what was missing',
					},
					{
						name: 'Fail the Response',
						value: 'fail',
						description: 'Stop on this response, or send it to the error output if the node is set to continue',
					},
				],
				default: 'fail',
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
		const classified = await eachItem(this, (item, itemIndex) => {
			const options = readScoringOptions(this, itemIndex);
			const record = readClosedLoopItem(item.json, NODE_NAME);
			const scores = classifyScores(record.feedback.metrics, options);
			// This node owns `classification`: keep what later features added to it, replace the scores.
			const earlier = isObject(item.json.classification) ? item.json.classification : {};
			return { ...item.json, classification: { ...earlier, ...scores } } as IDataObject;
		});
		return [classified];
	}
}

function readScoringOptions(context: IExecuteFunctions, itemIndex: number): ScoringOptions {
	const thresholds = context.getNodeParameter('thresholds', itemIndex, {}) as Record<string, number | undefined>;
	return {
		primaryMetric: context.getNodeParameter('primaryMetric', itemIndex, 'auto') as MetricType | 'auto',
		allowUnscored: context.getNodeParameter('whenUnscored', itemIndex, 'fail') === 'continue',
		csat: { goodFrom: thresholds.csatGoodFrom, badUpTo: thresholds.csatBadUpTo },
		ces: { goodFrom: thresholds.cesGoodFrom, badUpTo: thresholds.cesBadUpTo },
		rating: { goodFrom: thresholds.ratingGoodFrom, badUpTo: thresholds.ratingBadUpTo },
	};
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
