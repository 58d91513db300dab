/**
 * The `badExperience` flag: a small rule of conditions on the scores, the comment's sentiment and
 * its topics, combined with "any" or "all". Documented in docs/nodes/score-classify-rules.md.
 *
 * Conditions:
 * - `{ kind: 'category', is: [...] }`: the driving category (the one in `classification.category`) is
 *   one of these; with `metric`, the category of that score instead (any of them, if it appears twice).
 * - `{ kind: 'metric', metric, atMost?, atLeast? }`: that score is within the bounds (inclusive), on
 *   its own scale. `scaleMin` / `scaleMax` restrict the condition to scores on that scale.
 * - `{ kind: 'sentiment', is: [...] }`: the comment's sentiment is one of these; no sentiment (no
 *   comment, or not analysed) counts as "unknown".
 * - `{ kind: 'topic', any: [...] }`: the comment mentions at least one of these topic ids.
 * - `{ kind: 'group', combine, conditions }`: conditions nested, for an "and" inside an "or".
 * A condition about a score the response does not have is not met. Every condition may carry a
 * `label`, used in the reasons.
 *
 * The default rule is expressed in the same model: see DEFAULT_BAD_EXPERIENCE_RULE.
 */
import { z } from 'zod';

import type { Category, MetricType } from './feedback';
import { FeedbackError, METRIC_TYPES, categorySchema, sentimentSchema } from './feedback';
import type { SentimentLabel } from './priority';
import { METRIC_LABELS } from './scoring';
import { parseJsonText } from './json';

export type Combine = 'any' | 'all';

export type BadExperienceCondition =
	| { kind: 'category'; is: Category[]; metric?: MetricType; label?: string }
	| {
			kind: 'metric';
			metric: MetricType;
			atMost?: number;
			atLeast?: number;
			scaleMin?: number;
			scaleMax?: number;
			label?: string;
	  }
	| { kind: 'sentiment'; is: SentimentLabel[]; label?: string }
	| { kind: 'topic'; any: string[]; label?: string }
	| { kind: 'group'; combine: Combine; conditions: BadExperienceCondition[]; label?: string };

export interface BadExperienceRule {
	combine: Combine;
	conditions: BadExperienceCondition[];
}

export interface BadExperienceInput {
	/** Every classified score of the response. */
	metrics: ReadonlyArray<{ type: MetricType; score: number; scaleMin: number; scaleMax: number; category: Category }>;
	/** The driving category; null when the response has no usable score. */
	category: Category | null;
	sentimentLabel: SentimentLabel | null;
	/** Topic ids found in the comment. */
	topics?: readonly string[] | null;
}

export interface BadExperienceResult {
	badExperience: boolean;
	reasons: string[];
}

/** Categories that are not good: everything except promoter, satisfied and easy. */
export const LOW_SCORE_CATEGORIES: readonly Category[] = ['detractor', 'passive', 'dissatisfied', 'neutral', 'difficult'];

/**
 * The default rule, any of:
 * 1. an NPS detractor (0-6);
 * 2. a CSAT of 2 or less on the 1-5 scale;
 * 3. a CSAT in the dissatisfied category, which covers other CSAT scales (bottom two boxes, e.g.
 *    1-2 on 1-7, "bad" on a good/bad rating) and follows the CSAT thresholds set in the node;
 * 4. a negative comment on a low score: the driving category is not good (not promoter,
 *    satisfied or easy).
 */
export const DEFAULT_BAD_EXPERIENCE_RULE: BadExperienceRule = deepFreeze({
	combine: 'any',
	conditions: [
		{ kind: 'category', metric: 'nps', is: ['detractor'], label: 'NPS detractor' },
		{ kind: 'metric', metric: 'csat', atMost: 2, scaleMin: 1, scaleMax: 5, label: 'CSAT 2 or less' },
		{ kind: 'category', metric: 'csat', is: ['dissatisfied'], label: 'CSAT dissatisfied' },
		{
			kind: 'group',
			combine: 'all',
			label: 'negative comment on a low score',
			conditions: [
				{ kind: 'sentiment', is: ['negative'] },
				{ kind: 'category', is: [...LOW_SCORE_CATEGORIES] },
			],
		},
	],
});

/** The categories each score type can have, to catch a rule asking for an NPS "satisfied". */
const METRIC_CATEGORIES: Record<MetricType, readonly Category[]> = {
	nps: ['detractor', 'passive', 'promoter'],
	csat: ['dissatisfied', 'neutral', 'satisfied'],
	ces: ['difficult', 'neutral', 'easy'],
	rating: ['dissatisfied', 'neutral', 'satisfied'],
};

const MAX_DEPTH = 4;
const KINDS = ['category', 'metric', 'sentiment', 'topic', 'group'] as const;

const label = z.string().trim().min(1, 'the label is empty').max(120, 'the label is longer than 120 characters').optional();
const metricType = z.enum(METRIC_TYPES, { errorMap: () => ({ message: 'must be nps, csat, ces or rating' }) });
const combine = z.enum(['any', 'all'], { errorMap: () => ({ message: 'must be "any" or "all"' }) });
const finite = z.number({ invalid_type_error: 'must be a number' }).finite('must be a finite number');

const conditionSchemas = {
	category: z
		.object({
			kind: z.literal('category'),
			is: z
				.array(categorySchema, {
					invalid_type_error: 'must be a list of categories',
				})
				.min(1, 'lists no category'),
			metric: metricType.optional(),
			label,
		})
		.strict(),
	metric: z
		.object({
			kind: z.literal('metric'),
			metric: metricType,
			atMost: finite.optional(),
			atLeast: finite.optional(),
			scaleMin: finite.optional(),
			scaleMax: finite.optional(),
			label,
		})
		.strict(),
	sentiment: z
		.object({
			kind: z.literal('sentiment'),
			is: z
				.array(sentimentSchema.shape.label, { invalid_type_error: 'must be a list of sentiments' })
				.min(1, 'lists no sentiment'),
			label,
		})
		.strict(),
	topic: z
		.object({
			kind: z.literal('topic'),
			any: z
				.array(z.string({ invalid_type_error: 'each topic id must be text' }).trim().min(1, 'a topic id is empty'), {
					invalid_type_error: 'must be a list of topic ids',
				})
				.min(1, 'lists no topic'),
			label,
		})
		.strict(),
	group: z
		.object({
			kind: z.literal('group'),
			combine,
			conditions: z.array(z.unknown(), { invalid_type_error: 'must be a list of conditions' }).min(1, 'is empty: add at least one condition'),
			label,
		})
		.strict(),
};

const ruleSchema = z
	.object({
		combine: combine.default('any'),
		conditions: z.array(z.unknown(), { invalid_type_error: 'must be a list of conditions' }).min(1, 'is empty: add at least one condition'),
	})
	.strict();

const validated = new WeakSet<object>();

/**
 * Checks a rule (an object, or JSON text as typed in a node parameter) and returns it typed. A bad
 * rule fails with a FeedbackError that names the condition, e.g. "condition 2 (metric)".
 */
export function parseBadExperienceRule(raw: unknown, field = 'badExperienceRule'): BadExperienceRule {
	let value = raw;
	if (typeof raw === 'string') {
		const parsed = parseJsonText(raw);
		if (!parsed) {
			throw new FeedbackError('The bad-experience rule is not valid JSON', field, RULE_HINT);
		}
		value = parsed.value;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new FeedbackError('The bad-experience rule must be an object with "combine" and "conditions"', field, RULE_HINT);
	}
	if (validated.has(value)) return value as BadExperienceRule;
	const parsed = ruleSchema.safeParse(value);
	if (!parsed.success) throw ruleError(parsed.error, 'The bad-experience rule', field);
	const rule: BadExperienceRule = {
		combine: parsed.data.combine,
		conditions: parsed.data.conditions.map((condition, index) =>
			parseCondition(condition, `condition ${index + 1}`, `${field}.conditions[${index}]`, 1),
		),
	};
	validated.add(rule);
	validated.add(value);
	return rule;
}

const RULE_HINT =
	'Example: { "combine": "all", "conditions": [ { "kind": "metric", "metric": "csat", "atMost": 1 }, { "kind": "topic", "any": ["purchase"] } ] }';

function parseCondition(raw: unknown, name: string, field: string, depth: number): BadExperienceCondition {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new FeedbackError(`Bad-experience rule, ${name}: must be an object with a "kind"`, field, RULE_HINT);
	}
	const kind = (raw as { kind?: unknown }).kind;
	if (!KINDS.includes(kind as (typeof KINDS)[number])) {
		const got = kind === undefined ? 'no kind' : `unknown kind ${JSON.stringify(kind)}`;
		throw new FeedbackError(
			`Bad-experience rule, ${name}: ${got} (use ${KINDS.join(', ')})`,
			`${field}.kind`,
			RULE_HINT,
		);
	}
	const title = `${name} (${String(kind)})`;
	const parsed = conditionSchemas[kind as (typeof KINDS)[number]].safeParse(raw);
	if (!parsed.success) throw ruleError(parsed.error, `Bad-experience rule, ${title}`, field);
	const condition = parsed.data;
	const fail = (message: string, at = '') => new FeedbackError(`Bad-experience rule, ${title}: ${message}`, `${field}${at}`, RULE_HINT);

	switch (condition.kind) {
		case 'category': {
			if (condition.metric) {
				const allowed = METRIC_CATEGORIES[condition.metric];
				const wrong = condition.is.filter((category) => !allowed.includes(category));
				if (wrong.length) {
					throw fail(
						`${METRIC_LABELS[condition.metric]} has no ${wrong.join(', ')} category (its categories are ${allowed.join(', ')})`,
						'.is',
					);
				}
			}
			return withoutUndefined(condition);
		}
		case 'metric': {
			if (condition.atMost === undefined && condition.atLeast === undefined) {
				throw fail('give "atMost", "atLeast" or both');
			}
			if (condition.atMost !== undefined && condition.atLeast !== undefined && condition.atLeast > condition.atMost) {
				throw fail(`"atLeast" (${condition.atLeast}) is above "atMost" (${condition.atMost}), so it can never be met`);
			}
			if (condition.scaleMin !== undefined && condition.scaleMax !== undefined && condition.scaleMin >= condition.scaleMax) {
				throw fail(`"scaleMin" (${condition.scaleMin}) must be below "scaleMax" (${condition.scaleMax})`);
			}
			return withoutUndefined(condition);
		}
		case 'group': {
			if (depth >= MAX_DEPTH) throw fail(`groups can be nested ${MAX_DEPTH - 1} deep at most`);
			return withoutUndefined({
				...condition,
				conditions: condition.conditions.map((child, index) =>
					parseCondition(child, `${name}.${index + 1}`, `${field}.conditions[${index}]`, depth + 1),
				),
			});
		}
		default:
			return withoutUndefined(condition);
	}
}

function ruleError(error: z.ZodError, title: string, field: string): FeedbackError {
	const issue = error.issues[0];
	const path = issue.path.map(String);
	const setting = path.length ? `"${path[0]}"` : '';
	let message: string;
	if (issue.code === 'unrecognized_keys') {
		message = `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
	} else if (issue.code === 'invalid_enum_value' && path.length > 1) {
		message = `${setting} has ${JSON.stringify(issue.received)}, which is not one of ${issue.options.join(', ')}`;
	} else if (issue.code === 'invalid_type' && issue.received === 'undefined') {
		message = `${setting} is missing`;
	} else {
		message = setting ? `${setting} ${issue.message}` : issue.message;
	}
	const at = path.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
	return new FeedbackError(`${title}: ${message}`, `${field}${at}`, RULE_HINT);
}


/** Every topic id a rule mentions. */
export function ruleTopicIds(rule: BadExperienceRule): string[] {
	const ids = new Set<string>();
	const visit = (conditions: BadExperienceCondition[]) => {
		for (const condition of conditions) {
			if (condition.kind === 'topic') condition.any.forEach((id) => ids.add(id));
			if (condition.kind === 'group') visit(condition.conditions);
		}
	};
	visit(rule.conditions);
	return [...ids];
}

/**
 * Fails when a rule mentions a topic the library does not have (most often a typo, which would
 * otherwise never match). Topic ids are compared without regard to case.
 */
export function checkRuleTopics(rule: BadExperienceRule, knownTopicIds: readonly string[], field = 'badExperienceRule'): void {
	const known = new Set(knownTopicIds.map((id) => id.toLowerCase()));
	const unknown = ruleTopicIds(rule).filter((id) => !known.has(id.toLowerCase()));
	if (unknown.length) {
		throw new FeedbackError(
			`The bad-experience rule mentions ${unknown.map((id) => `"${id}"`).join(', ')}, which ${unknown.length > 1 ? 'are not topics' : 'is not a topic'} of the library (topics: ${knownTopicIds.join(', ')})`,
			field,
		);
	}
}

interface Outcome {
	met: boolean;
	/** What was found, worded to follow "Bad experience:" when met, "Not a bad experience:" when not. */
	text: string;
}

/** Whether a response is a bad experience under a rule (the default rule when none is given), and why. */
export function evaluateBadExperience(input: BadExperienceInput, rule: BadExperienceRule = DEFAULT_BAD_EXPERIENCE_RULE): BadExperienceResult {
	const checked = parseBadExperienceRule(rule);
	const topics = new Set((input.topics ?? []).map((topic) => topic.toLowerCase()));
	const outcome = evaluateAll(checked.combine, checked.conditions, input, topics);
	return {
		badExperience: outcome.met,
		reasons: [outcome.met ? `Bad experience: ${outcome.text}` : `Not a bad experience: ${outcome.text}`],
	};
}

function evaluateAll(combine: Combine, conditions: BadExperienceCondition[], input: BadExperienceInput, topics: Set<string>): Outcome {
	const outcomes = conditions.map((condition) => evaluate(condition, input, topics));
	const met = combine === 'any' ? outcomes.some((outcome) => outcome.met) : outcomes.every((outcome) => outcome.met);
	// Met: what made it so. Not met: what was missing.
	const shown = outcomes.filter((outcome) => outcome.met === met);
	const joiner = combine === 'all' && met ? ' and ' : '; ';
	return { met, text: shown.map((outcome) => outcome.text).join(joiner) };
}

function evaluate(condition: BadExperienceCondition, input: BadExperienceInput, topics: Set<string>): Outcome {
	const outcome = evaluateBare(condition, input, topics);
	return condition.label ? { met: outcome.met, text: `${condition.label} (${outcome.text})` } : outcome;
}

function evaluateBare(condition: BadExperienceCondition, input: BadExperienceInput, topics: Set<string>): Outcome {
	switch (condition.kind) {
		case 'category': {
			const wanted = condition.is.join(' or ');
			if (!condition.metric) {
				if (input.category === null) return { met: false, text: 'no score category' };
				const met = condition.is.includes(input.category);
				return { met, text: met ? `category ${input.category}` : `category ${input.category}, not ${wanted}` };
			}
			const scores = input.metrics.filter((metric) => metric.type === condition.metric);
			if (scores.length === 0) return { met: false, text: `no ${METRIC_LABELS[condition.metric]} score` };
			const hit = scores.find((metric) => condition.is.includes(metric.category));
			if (hit) return { met: true, text: `${describeScore(hit)} is ${hit.category}` };
			return { met: false, text: `${describeScore(scores[0])} is ${scores[0].category}, not ${wanted}` };
		}
		case 'metric': {
			const name = METRIC_LABELS[condition.metric];
			const scores = input.metrics.filter((metric) => metric.type === condition.metric);
			if (scores.length === 0) return { met: false, text: `no ${name} score` };
			const onScale = scores.filter(
				(metric) =>
					(condition.scaleMin === undefined || metric.scaleMin === condition.scaleMin) &&
					(condition.scaleMax === undefined || metric.scaleMax === condition.scaleMax),
			);
			const bounds = describeBounds(condition.atLeast, condition.atMost);
			if (onScale.length === 0) {
				const scale = `${condition.scaleMin ?? scores[0].scaleMin}-${condition.scaleMax ?? scores[0].scaleMax}`;
				return { met: false, text: `${describeScore(scores[0])} is not on the ${scale} scale` };
			}
			const inside = (score: number) =>
				(condition.atLeast === undefined || score >= condition.atLeast) && (condition.atMost === undefined || score <= condition.atMost);
			const hit = onScale.find((metric) => inside(metric.score));
			if (hit) return { met: true, text: `${describeScore(hit)} is ${bounds}` };
			return { met: false, text: `${describeScore(onScale[0])} is not ${bounds}` };
		}
		case 'sentiment': {
			const sentiment = input.sentimentLabel ?? 'unknown';
			const met = condition.is.includes(sentiment);
			const found = input.sentimentLabel === null ? 'no sentiment' : `${sentiment} comment`;
			return { met, text: met ? found : `${found}, not ${condition.is.join(' or ')}` };
		}
		case 'topic': {
			const mentioned = condition.any.filter((topic) => topics.has(topic.toLowerCase()));
			return mentioned.length
				? { met: true, text: `the comment mentions ${mentioned.join(', ')}` }
				: { met: false, text: `the comment does not mention ${condition.any.join(' or ')}` };
		}
		case 'group': {
			const outcome = evaluateAll(condition.combine, condition.conditions, input, topics);
			return { met: outcome.met, text: condition.label ? outcome.text : `(${outcome.text})` };
		}
	}
}

function describeScore(metric: { type: MetricType; score: number; scaleMin: number; scaleMax: number }): string {
	return `${METRIC_LABELS[metric.type]} ${metric.score} on ${metric.scaleMin}-${metric.scaleMax}`;
}

function describeBounds(atLeast: number | undefined, atMost: number | undefined): string {
	if (atLeast !== undefined && atMost !== undefined) return atLeast === atMost ? `exactly ${atLeast}` : `between ${atLeast} and ${atMost}`;
	if (atMost !== undefined) return `${atMost} or less`;
	return `${atLeast} or more`;
}

function withoutUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}
