/**
 * The survey tools the trigger accepts. Each is one self-describing module (see types.ts); the
 * node derives everything else from this list. Adding a tool: its file, its credential file, one
 * line here, one line in package.json.
 */
import { customJsonSource } from './customJson';
import { delightedSource } from './delighted';
import { jotformSource } from './jotform';
import { qualtricsSource } from './qualtrics';
import { surveyMonkeySource } from './surveyMonkey';
import { tallySource } from './tally';
import { typeformSource } from './typeform';
import type { AnySurveySource } from './types';

export const SURVEY_SOURCES: readonly AnySurveySource[] = [
	customJsonSource as AnySurveySource,
	delightedSource,
	jotformSource,
	qualtricsSource,
	surveyMonkeySource,
	tallySource,
	typeformSource,
];

/** The source a new trigger starts with: it needs no survey tool account. */
export const DEFAULT_SOURCE = customJsonSource.key;

const byKey = new Map(SURVEY_SOURCES.map((source) => [source.key, source]));

/** The source saved under `key` in the workflow; an unknown key is a workflow the user must fix. */
export function surveySource(key: string): AnySurveySource {
	const source = byKey.get(key);
	if (!source) {
		throw new Error(`Survey Trigger has no source "${key}": choose one of ${SURVEY_SOURCES.map((known) => known.displayName).join(', ')}`);
	}
	return source;
}
