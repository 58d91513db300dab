/**
 * Priority P1 (most urgent) to P4 from the response's category, the sentiment of its comment and
 * the customer's value or segment. Documented as tables in docs/nodes/score-classify-rules.md.
 *
 * Steps, in order, each one written to `reasons`:
 * 1. The matrix: category (row) × sentiment (column). No category (an unscored response) gives
 *    `whenNoCategory` (P3 by default). No sentiment (no comment, or not analysed) reads the
 *    "unknown" column.
 * 2. Bad experience: a response flagged `badExperience` is raised to at least `badExperienceAtLeast`
 *    (P2 by default; null turns this off).
 * 3. Customer: a VIP segment, or a customer value at or above `highValueFrom`, raises the priority
 *    by `upgradeLevels` (one by default), never above P1. Both together still count once.
 */
import { z } from 'zod';

import type { Category } from './feedback';
import { FeedbackError, PRIORITIES, categorySchema, sentimentSchema } from './feedback';
import { parseJsonText } from './json';

export type Priority = (typeof PRIORITIES)[number];
export type SentimentLabel = z.infer<typeof sentimentSchema>['label'];

/** Matrix columns, in the order the docs show them. */
export const SENTIMENT_COLUMNS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive', 'unknown'];
/** Matrix rows, in the order the docs show them: bad, middle, good. */
export const CATEGORY_ROWS: readonly Category[] = [
	'detractor',
	'dissatisfied',
	'difficult',
	'passive',
	'neutral',
	'promoter',
	'satisfied',
	'easy',
];

export type PriorityMatrix = Readonly<Record<Category, Readonly<Record<SentimentLabel, Priority>>>>;
export type PriorityMatrixOverrides = Partial<Record<Category, Partial<Record<SentimentLabel, Priority>>>>;

const bad = { negative: 'P1', neutral: 'P2', positive: 'P2', unknown: 'P2' } as const;
const middle = { negative: 'P2', neutral: 'P3', positive: 'P3', unknown: 'P3' } as const;
const good = { negative: 'P3', neutral: 'P4', positive: 'P4', unknown: 'P4' } as const;

/**
 * The default matrix. A bad score is P2, P1 when the comment is negative too; a middle score P3,
 * P2 with a negative comment; a good score P4, P3 with a negative comment (a happy score with an
 * angry comment is often a reversed scale or a problem worth a look).
 */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = Object.freeze({
	detractor: Object.freeze({ ...bad }),
	dissatisfied: Object.freeze({ ...bad }),
	difficult: Object.freeze({ ...bad }),
	passive: Object.freeze({ ...middle }),
	neutral: Object.freeze({ ...middle }),
	promoter: Object.freeze({ ...good }),
	satisfied: Object.freeze({ ...good }),
	easy: Object.freeze({ ...good }),
});

export interface PriorityInput {
	category: Category | null;
	sentimentLabel: SentimentLabel | null;
	customerValue: number | null;
	segment: string | null;
	badExperience?: boolean | null;
}

export interface PriorityConfig {
	/** Customers whose value is at or above this are high value. Absent or null: no value upgrade. */
	highValueFrom?: number | null;
	/** Segments that count as VIP, compared without regard to case or surrounding spaces. */
	vipSegments?: readonly string[] | null;
	/** Cells that replace the default matrix's; the rest stays as it is. */
	matrix?: PriorityMatrixOverrides | null;
	/** Priority of a response without a category. Default P3. */
	whenNoCategory?: Priority;
	/** Lowest priority of a bad experience; null: no floor. Default P2. */
	badExperienceAtLeast?: Priority | null;
	/** Levels a VIP or high-value customer is raised by: 0, 1 (default) or 2. */
	upgradeLevels?: number;
}

export interface PriorityResult {
	priority: Priority;
	reasons: string[];
}

export interface ResolvedPriorityConfig {
	highValueFrom: number | null;
	vipSegments: ReadonlySet<string>;
	matrix: PriorityMatrix;
	whenNoCategory: Priority;
	badExperienceAtLeast: Priority | null;
	upgradeLevels: number;
}

const prioritySchema = z.enum(PRIORITIES, { errorMap: () => ({ message: 'must be P1, P2, P3 or P4' }) });
const rowSchema = z
	.object(Object.fromEntries(SENTIMENT_COLUMNS.map((column) => [column, prioritySchema.optional()])))
	.strict();
const matrixSchema = z
	.object(Object.fromEntries(categorySchema.options.map((category) => [category, rowSchema.optional()])))
	.strict();

const configSchema = z
	.object({
		highValueFrom: z.number({ invalid_type_error: 'must be a number' }).finite('must be a finite number').nullish(),
		vipSegments: z.array(z.string({ invalid_type_error: 'each segment must be text' })).nullish(),
		matrix: matrixSchema.nullish(),
		whenNoCategory: prioritySchema.optional(),
		badExperienceAtLeast: prioritySchema.nullish(),
		upgradeLevels: z.number().int('must be 0, 1 or 2').min(0, 'must be 0, 1 or 2').max(2, 'must be 0, 1 or 2').optional(),
	})
	.strict();

const resolvedConfigs = new WeakMap<object, ResolvedPriorityConfig>();
let defaultConfig: ResolvedPriorityConfig | undefined;

/** Checks a configuration and merges it over the defaults; a bad setting fails with a FeedbackError naming it. */
export function resolvePriorityConfig(config: PriorityConfig = {}, field = 'priority'): ResolvedPriorityConfig {
	const cached = resolvedConfigs.get(config);
	if (cached) return cached;
	const parsed = configSchema.safeParse(config);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const path = issue.path.join('.');
		const message =
			issue.code === 'unrecognized_keys'
				? `unknown ${path.startsWith('matrix') ? (issue.path.length > 1 ? 'sentiment column' : 'category row') : 'setting'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
				: issue.message;
		const where = path ? `${field}.${path}` : field;
		throw new FeedbackError(`Priority setting ${path ? `"${path}" ` : ''}is not valid: ${message}`, where, matrixHint(path));
	}
	const data = parsed.data;
	const matrix = Object.fromEntries(
		CATEGORY_ROWS.map((category) => [
			category,
			Object.freeze({ ...DEFAULT_PRIORITY_MATRIX[category], ...definedOnly(data.matrix?.[category] ?? {}) }),
		]),
	) as unknown as PriorityMatrix;
	const resolved: ResolvedPriorityConfig = {
		highValueFrom: data.highValueFrom ?? null,
		vipSegments: new Set((data.vipSegments ?? []).map(normalizeSegment).filter((segment) => segment !== '')),
		matrix: Object.freeze(matrix),
		whenNoCategory: data.whenNoCategory ?? 'P3',
		badExperienceAtLeast: data.badExperienceAtLeast === undefined ? 'P2' : data.badExperienceAtLeast,
		upgradeLevels: data.upgradeLevels ?? 1,
	};
	resolvedConfigs.set(config, resolved);
	return resolved;
}

function matrixHint(path: string): string | undefined {
	if (!path.startsWith('matrix')) return undefined;
	return `Rows are categories (${CATEGORY_ROWS.join(', ')}), columns sentiments (${SENTIMENT_COLUMNS.join(', ')}), cells P1 to P4, e.g. { "passive": { "negative": "P1" } }`;
}

/**
 * Reads a matrix override given as JSON text (as typed in a node parameter) or as an object.
 * Empty text means no override.
 */
export function parsePriorityMatrix(raw: unknown, field = 'priority.matrix'): PriorityMatrixOverrides | null {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return null;
		const parsed = parseJsonText(raw);
		if (!parsed) {
			throw new FeedbackError('The priority matrix is not valid JSON', field, matrixHint('matrix'));
		}
		value = parsed.value;
	}
	if (value === null || value === undefined) return null;
	const config = { matrix: value } as PriorityConfig;
	resolvePriorityConfig(config, field.replace(/\.matrix$/, ''));
	return value as PriorityMatrixOverrides;
}


const SENTIMENT_WORDING: Record<SentimentLabel, string> = {
	negative: 'negative comment',
	neutral: 'neutral comment',
	positive: 'positive comment',
	unknown: 'comment of unknown sentiment',
};

/** Priority of one response, with the reasons an ops person reads. */
export function prioritize(input: PriorityInput, config?: PriorityConfig | ResolvedPriorityConfig | null): PriorityResult {
	const settings = !config ? resolveDefault() : isResolved(config) ? config : resolvePriorityConfig(config);
	const reasons: string[] = [];

	// 1. Matrix.
	let level: number;
	const column = SENTIMENT_COLUMNS.includes(input.sentimentLabel as SentimentLabel)
		? (input.sentimentLabel as SentimentLabel)
		: 'unknown';
	const sentimentText = input.sentimentLabel === null || input.sentimentLabel === undefined
		? 'no sentiment (no comment, or not analysed)'
		: SENTIMENT_WORDING[column];
	const row = input.category === null ? undefined : settings.matrix[input.category];
	if (row === undefined) {
		level = levelOf(settings.whenNoCategory);
		reasons.push(
			input.category === null
				? `no score category (missing data) → ${settings.whenNoCategory}`
				: `unknown category "${String(input.category)}" → ${settings.whenNoCategory}`,
		);
	} else {
		level = levelOf(row[column]);
		reasons.push(`${input.category} with ${sentimentText} → ${row[column]}`);
	}

	// 2. Bad-experience floor.
	if (input.badExperience === true && settings.badExperienceAtLeast !== null) {
		const floor = levelOf(settings.badExperienceAtLeast);
		if (level > floor) {
			reasons.push(`bad experience: raised ${PRIORITIES[level]} → ${PRIORITIES[floor]}`);
			level = floor;
		}
	}

	// 3. Customer value or segment.
	const why: string[] = [];
	const segment = typeof input.segment === 'string' ? input.segment.trim() : '';
	if (segment && settings.vipSegments.has(normalizeSegment(segment))) why.push(`VIP segment "${segment}"`);
	const value = typeof input.customerValue === 'number' && Number.isFinite(input.customerValue) ? input.customerValue : null;
	if (settings.highValueFrom !== null) {
		if (value !== null && value >= settings.highValueFrom) {
			why.push(`customer value ${value} (high value from ${settings.highValueFrom})`);
		} else if (value === null && why.length === 0) {
			reasons.push('customer value unknown: no high-value upgrade');
		}
	}
	if (why.length > 0 && settings.upgradeLevels > 0) {
		const raised = Math.max(0, level - settings.upgradeLevels);
		reasons.push(
			raised === level
				? `${why.join(' and ')}: already ${PRIORITIES[level]}, the highest`
				: `${why.join(' and ')}: raised ${PRIORITIES[level]} → ${PRIORITIES[raised]}`,
		);
		level = raised;
	}

	return { priority: PRIORITIES[level], reasons };
}

function resolveDefault(): ResolvedPriorityConfig {
	defaultConfig ??= resolvePriorityConfig({});
	return defaultConfig;
}

function isResolved(config: PriorityConfig | ResolvedPriorityConfig): config is ResolvedPriorityConfig {
	return (config as ResolvedPriorityConfig).vipSegments instanceof Set;
}

function levelOf(priority: Priority): number {
	return PRIORITIES.indexOf(priority);
}

function normalizeSegment(segment: string): string {
	return segment.trim().toLowerCase();
}

function definedOnly<T extends object>(values: T): Partial<T> {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}
