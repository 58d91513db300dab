/** What the user chose in the trigger's fields, in the shapes the sources and the core expect. */
import type { MetricType } from '../core/feedback';
import type { ResponseMapping } from '../core/surveyResponse';
import type { ParameterReader } from './sources/types';

/** The Options collection (a type, not an interface, so a source can read its own entries from it). */
export type TriggerSettings = {
	apiTimeoutSeconds?: number;
	channel?: string;
	defaultTouchpoint?: string;
	deduplicate?: boolean;
	maxBodyKb?: number;
};

/** Which question holds which score and which field holds which customer detail, for survey tools. */
export function responseMapping(parameter: ParameterReader, settings: TriggerSettings): ResponseMapping {
	const questions = parameter<
		Partial<Record<MetricType | 'comment', string> & Record<'csatScaleMin' | 'csatScaleMax' | 'cesScaleMin' | 'cesScaleMax', number>>
	>('questions', {});
	return {
		questions: { nps: questions.nps, csat: questions.csat, ces: questions.ces, rating: questions.rating },
		scales: {
			csat: { scaleMin: questions.csatScaleMin, scaleMax: questions.csatScaleMax },
			ces: { scaleMin: questions.cesScaleMin, scaleMax: questions.cesScaleMax },
		},
		commentQuestion: questions.comment,
		fields: parameter<ResponseMapping['fields']>('respondentFields', {}),
		defaultTouchpoint: settings.defaultTouchpoint || undefined,
		channel: settings.channel || undefined,
	};
}
