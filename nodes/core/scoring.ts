/**
 * NPS, CSAT, CES and star-rating scales and their categories.
 *
 * Conventions (documented in README):
 * - NPS is always 0-10: detractor 0-6, passive 7-8, promoter 9-10.
 * - CSAT defaults to 1-5. "Satisfied" is the top two boxes and "dissatisfied" the bottom two,
 *   which on 1-5 gives satisfied 4-5, neutral 3, dissatisfied 1-2.
 * - CES defaults to 1-7 (agreement with "the company made it easy"): above the midpoint is easy,
 *   below it difficult, the midpoint neutral. On 1-7: easy 5-7, neutral 4, difficult 1-3.
 * - Star ratings default to 1-5 and read like CSAT.
 * - Zendesk's good / bad satisfaction ratings are a 0-1 scale: good is satisfied, bad dissatisfied.
 * Every threshold except NPS can be overridden per scale.
 */
import type { Category, ClassifiedMetric, Metric, MetricType } from './feedback';
import { FeedbackError, METRIC_TYPES, describeValue } from './feedback';

export interface Scale {
	scaleMin: number;
	scaleMax: number;
}

export const DEFAULT_SCALES: Record<MetricType, Scale> = {
	nps: { scaleMin: 0, scaleMax: 10 },
	csat: { scaleMin: 1, scaleMax: 5 },
	ces: { scaleMin: 1, scaleMax: 7 },
	rating: { scaleMin: 1, scaleMax: 5 },
};

/** How people see each metric type: in reason texts and in the editor (the Survey Trigger's subtitle). */
export const METRIC_LABELS: Record<MetricType, string> = {
	nps: 'NPS',
	csat: 'CSAT',
	ces: 'CES',
	rating: 'Star rating',
};

/** Scores at or above `goodFrom` are good, at or below `badUpTo` bad, anything between neutral. */
export interface Thresholds {
	goodFrom: number;
	badUpTo: number;
}

export interface ScoringOptions {
	csat?: Partial<Thresholds>;
	ces?: Partial<Thresholds>;
	rating?: Partial<Thresholds>;
	/** Which metric sets `classification.category`; `auto` takes NPS, then CSAT, CES, rating. */
	primaryMetric?: MetricType | 'auto';
	/** When true, a response without the driving score is passed on with a null category. */
	allowUnscored?: boolean;
}

/** Where each category stands, whatever the scale: the good end, the middle, the bad end. */
export const CATEGORY_POLARITY: Readonly<Record<Category, 'good' | 'middle' | 'bad'>> = {
	promoter: 'good',
	satisfied: 'good',
	easy: 'good',
	passive: 'middle',
	neutral: 'middle',
	detractor: 'bad',
	dissatisfied: 'bad',
	difficult: 'bad',
};

/** Which metric drives the category with `auto`: the first present, in METRIC_TYPES order. */
export const PRIMARY_METRIC_ORDER: readonly MetricType[] = METRIC_TYPES;

const NPS_SCALE = DEFAULT_SCALES.nps;
const NPS_DETRACTOR_UP_TO = 6;
const NPS_PROMOTER_FROM = 9;
/** The NPS bands as reason texts show them, from the thresholds above. */
const NPS_BANDS: Readonly<Record<'detractor' | 'passive' | 'promoter', string>> = {
	detractor: `${NPS_SCALE.scaleMin}-${NPS_DETRACTOR_UP_TO}`,
	passive: `${NPS_DETRACTOR_UP_TO + 1}-${NPS_PROMOTER_FROM - 1}`,
	promoter: `${NPS_PROMOTER_FROM}-${NPS_SCALE.scaleMax}`,
};

/** Reads a score as sent by a survey tool: a number or a numeric string. */
export function parseScore(raw: unknown, field: string): number {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw new FeedbackError(`Missing score: "${field}" is empty`, field);
	}
	const score = typeof raw === 'string' ? Number(raw.trim().replace(',', '.')) : raw;
	if (typeof score !== 'number' || !Number.isFinite(score)) {
		throw new FeedbackError(`"${field}" must be a number, got ${describeValue(raw)}`, field);
	}
	return score;
}

/**
 * Two-point satisfaction ratings as helpdesks send them: Zendesk's `good` / `bad`. They become a
 * 0-1 scale, where 1 is satisfied and 0 dissatisfied.
 */
const TWO_POINT_RATINGS: Record<string, number> = { good: 1, bad: 0 };
/** Zendesk states of a survey the customer has not answered yet. */
const NOT_RATED = new Set(['offered', 'unoffered']);

/** Builds a validated metric; `field` names where the score came from, for error messages. */
export function buildMetric(
	type: MetricType,
	rawScore: unknown,
	field: string,
	scale: Partial<Scale> = {},
	questionId: string | null = null,
): Metric {
	const word = typeof rawScore === 'string' ? rawScore.trim().toLowerCase() : undefined;
	if (word !== undefined && NOT_RATED.has(word)) {
		throw new FeedbackError(`"${field}" is "${word}": the customer has not rated yet`, field);
	}
	if (word !== undefined && word in TWO_POINT_RATINGS && type !== 'nps') {
		return { type, score: TWO_POINT_RATINGS[word], scaleMin: 0, scaleMax: 1, questionId };
	}
	const score = parseScore(rawScore, field);
	const { scaleMin, scaleMax } = { ...DEFAULT_SCALES[type], ...definedOnly(scale) };
	validateScale(type, { scaleMin, scaleMax }, field);
	if (score < scaleMin || score > scaleMax) {
		throw new FeedbackError(
			`"${field}" is ${score}, outside the ${METRIC_LABELS[type]} scale ${scaleMin}-${scaleMax}`,
			field,
		);
	}
	if (type === 'nps' && !Number.isInteger(score)) {
		throw new FeedbackError(`"${field}" is ${score}, but an NPS score is a whole number from ${NPS_SCALE.scaleMin} to ${NPS_SCALE.scaleMax}`, field);
	}
	return { type, score, scaleMin, scaleMax, questionId };
}

function validateScale(type: MetricType, { scaleMin, scaleMax }: Scale, field: string): void {
	if (!Number.isFinite(scaleMin) || !Number.isFinite(scaleMax) || scaleMin >= scaleMax) {
		throw new FeedbackError(
			`The ${METRIC_LABELS[type]} scale for "${field}" must go from a lower to a higher number, got ${scaleMin}-${scaleMax}`,
			field,
		);
	}
	if (type === 'nps' && (scaleMin !== NPS_SCALE.scaleMin || scaleMax !== NPS_SCALE.scaleMax)) {
		throw new FeedbackError(`NPS is always scored ${NPS_SCALE.scaleMin}-${NPS_SCALE.scaleMax}, but "${field}" is set to ${scaleMin}-${scaleMax}`, field);
	}
}

/** Default good/bad boundaries for a non-NPS scale; see the file header. */
export function defaultThresholds(type: Exclude<MetricType, 'nps'>, scale: Scale): Thresholds {
	const span = scale.scaleMax - scale.scaleMin;
	if (type === 'ces') {
		const midpoint = (scale.scaleMin + scale.scaleMax) / 2;
		return { goodFrom: Math.floor(midpoint) + 1, badUpTo: Math.ceil(midpoint) - 1 };
	}
	// Top-two-box / bottom-two-box; on tiny scales only the ends count.
	if (span < 4) return { goodFrom: scale.scaleMax, badUpTo: scale.scaleMin };
	return { goodFrom: scale.scaleMax - 1, badUpTo: scale.scaleMin + 1 };
}

function thresholdsFor(metric: Metric, options: ScoringOptions): Thresholds {
	const type = metric.type as Exclude<MetricType, 'nps'>;
	const thresholds = { ...defaultThresholds(type, metric), ...definedOnly(options[type] ?? {}) };
	if (thresholds.badUpTo >= thresholds.goodFrom) {
		throw new FeedbackError(
			`${METRIC_LABELS[type]} thresholds overlap: "bad up to" (${thresholds.badUpTo}) must be below "good from" (${thresholds.goodFrom})`,
			`options.${type}`,
		);
	}
	return thresholds;
}

export function categorize(metric: Metric, options: ScoringOptions = {}): { category: Category; reason: string } {
	const label = `${METRIC_LABELS[metric.type]} ${metric.score} (${metric.scaleMin}-${metric.scaleMax})`;
	if (metric.type === 'nps') {
		if (metric.score <= NPS_DETRACTOR_UP_TO) return { category: 'detractor', reason: `${label} is a detractor (${NPS_BANDS.detractor})` };
		if (metric.score < NPS_PROMOTER_FROM) return { category: 'passive', reason: `${label} is a passive (${NPS_BANDS.passive})` };
		return { category: 'promoter', reason: `${label} is a promoter (${NPS_BANDS.promoter})` };
	}
	const { goodFrom, badUpTo } = thresholdsFor(metric, options);
	const [bad, good]: [Category, Category] = metric.type === 'ces' ? ['difficult', 'easy'] : ['dissatisfied', 'satisfied'];
	if (metric.score <= badUpTo) return { category: bad, reason: `${label} is ${bad} (${badUpTo} or less)` };
	if (metric.score >= goodFrom) return { category: good, reason: `${label} is ${good} (${goodFrom} or more)` };
	return { category: 'neutral', reason: `${label} is neutral (between ${badUpTo} and ${goodFrom})` };
}

export interface ScoreClassification {
	category: Category | null;
	primaryMetric: MetricType | null;
	metrics: ClassifiedMetric[];
	reasons: string[];
}

/** Classifies every metric of a response and picks the one that drives the loop. */
export function classifyScores(metrics: Metric[], options: ScoringOptions = {}): ScoreClassification {
	const classified: ClassifiedMetric[] = [];
	const reasons: string[] = [];
	for (const metric of metrics) {
		const { category, reason } = categorize(metric, options);
		classified.push({ ...metric, category });
		reasons.push(reason);
	}

	const wanted = options.primaryMetric ?? 'auto';
	const primaryType =
		wanted === 'auto'
			? PRIMARY_METRIC_ORDER.find((type) => classified.some((metric) => metric.type === type))
			: wanted;
	const primary = classified.find((metric) => metric.type === primaryType);

	if (!primary) {
		const present = classified.length ? classified.map((metric) => METRIC_LABELS[metric.type]).join(', ') : 'none';
		const missing =
			wanted === 'auto'
				? 'has no NPS, CSAT, CES or rating score to classify'
				: `has no ${METRIC_LABELS[wanted]} score (scores present: ${present})`;
		if (!options.allowUnscored) {
			throw new FeedbackError(
				`This response ${missing}`,
				'feedback.metrics',
				'Check which question the Survey Trigger maps to the score, or choose another driving metric',
			);
		}
		return { category: null, primaryMetric: null, metrics: classified, reasons: [...reasons, `Not scored: this response ${missing}`] };
	}

	return { category: primary.category, primaryMetric: primary.type, metrics: classified, reasons };
}

/** The entries that are set: no undefined, null or NaN, so they can be spread over defaults. */
export function definedOnly<T extends object>(values: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(values).filter(([, value]) => value !== undefined && value !== null && !Number.isNaN(value)),
	) as Partial<T>;
}
