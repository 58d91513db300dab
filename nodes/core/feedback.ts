/**
 * The canonical closed-loop item. Every node reads and writes this shape; each stage
 * adds its own key and never drops what came before, so the finished item is the
 * whole record of the loop. Types are derived from the schemas so they cannot drift.
 */
import { z } from 'zod';

/** Every metric type, in the order a response's scores are read and the driving metric is chosen (`auto`). */
export const METRIC_TYPES = ['nps', 'csat', 'ces', 'rating'] as const;
export const metricTypeSchema = z.enum(METRIC_TYPES);
export type MetricType = z.infer<typeof metricTypeSchema>;

const nullableText = z.string().nullable();

export const FEEDBACK_EVENTS = ['response', 'consentWithdrawal'] as const;

export const metricSchema = z
	.object({
		type: metricTypeSchema,
		score: z.number().finite(),
		scaleMin: z.number().finite(),
		scaleMax: z.number().finite(),
		questionId: nullableText.default(null),
	})
	.refine((metric) => metric.scaleMin < metric.scaleMax, {
		message: 'scaleMin must be lower than scaleMax',
		path: ['scaleMax'],
	})
	.refine((metric) => metric.score >= metric.scaleMin && metric.score <= metric.scaleMax, {
		message: 'score is outside the scale',
		path: ['score'],
	});
export type Metric = z.infer<typeof metricSchema>;

export const respondentSchema = z.object({
	id: nullableText.default(null),
	customerId: nullableText.default(null),
	email: z.string().email().nullable().default(null),
	phone: nullableText.default(null),
	name: nullableText.default(null),
	timezone: nullableText.default(null),
	segment: nullableText.default(null),
	/** Customer value (revenue, tier score…) used by prioritisation. */
	value: z.number().finite().nullable().default(null),
});
export type Respondent = z.infer<typeof respondentSchema>;

export const answerSchema = z.object({
	questionId: z.string(),
	question: nullableText.default(null),
	type: nullableText.default(null),
	value: z.unknown(),
});
export type Answer = z.infer<typeof answerSchema>;

export const feedbackSchema = z.object({
	/** Stable across revisions of the same response, so later stages update instead of duplicating. */
	id: z.string().min(1),
	revision: z.number().int().positive().default(1),
	/** A survey answer, or a customer withdrawing contact consent (e.g. Delighted's unsubscribe). */
	event: z.enum(FEEDBACK_EVENTS).default('response'),
	source: z.string().min(1),
	sourceEventId: nullableText.default(null),
	surveyId: nullableText.default(null),
	touchpoint: nullableText.default(null),
	channel: nullableText.default(null),
	submittedAt: z.string().datetime({ offset: true }),
	locale: nullableText.default(null),
	respondent: respondentSchema.default({}),
	consent: z.object({ contact: z.boolean().nullable().default(null) }).default({}),
	metrics: z.array(metricSchema).default([]),
	comment: nullableText.default(null),
	answers: z.array(answerSchema).default([]),
	hidden: z.record(z.unknown()).default({}),
	/** What could not be read from the delivery but did not stop it (a malformed email, a score off its scale). */
	warnings: z.array(z.string()).default([]),
});
export type Feedback = z.infer<typeof feedbackSchema>;
export type FeedbackInput = z.input<typeof feedbackSchema>;

export const categorySchema = z.enum([
	'detractor',
	'passive',
	'promoter',
	'dissatisfied',
	'neutral',
	'satisfied',
	'difficult',
	'easy',
]);
export type Category = z.infer<typeof categorySchema>;

export const classifiedMetricSchema = z.object({
	type: metricTypeSchema,
	score: z.number(),
	scaleMin: z.number(),
	scaleMax: z.number(),
	questionId: nullableText,
	category: categorySchema,
});
export type ClassifiedMetric = z.infer<typeof classifiedMetricSchema>;

export const sentimentSchema = z.object({
	score: z.number(),
	comparative: z.number(),
	label: z.enum(['negative', 'neutral', 'positive', 'unknown']),
	language: nullableText,
});

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

export const classificationSchema = z.object({
	/** Category of the metric that drives the loop; null when the response has no usable score. */
	category: categorySchema.nullable(),
	primaryMetric: metricTypeSchema.nullable(),
	metrics: z.array(classifiedMetricSchema),
	sentiment: sentimentSchema.nullable().optional(),
	/** Topics the comment mentions, with the words that matched as the customer wrote them. */
	topics: z.array(z.object({ topic: z.string(), label: z.string(), matched: z.array(z.string()) })).optional(),
	priority: z.enum(PRIORITIES).nullable().optional(),
	badExperience: z.boolean().nullable().optional(),
	reasons: z.array(z.string()),
});
export type Classification = z.infer<typeof classificationSchema>;

const personSchema = z.object({ name: nullableText, email: nullableText, phone: nullableText, helpdeskUserId: nullableText });

const renderedAlertSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });

export const ALERT_OUTCOMES = ['alert', 'update', 'suppressed', 'noAlert'] as const;

/** What Alert Rule decided, on every output: Alert (alert, update), Suppressed, No Alert. */
export const alertSchema = z.object({
	/** `update`: a revision of a response already alerted (a comment arriving after the score). */
	outcome: z.enum(ALERT_OUTCOMES),
	rule: nullableText,
	owner: personSchema.nullable(),
	coach: personSchema.nullable(),
	/** The owner's rendering, with `shared` the masked one for Slack or Teams. */
	message: renderedAlertSchema.extend({ language: z.string(), shared: renderedAlertSchema, warnings: z.array(z.string()) }).nullable(),
	/** Each matched condition, with the actual value. */
	reasons: z.array(z.string()),
	/** Why this owner: the routing table's value, the default owner, or the rule's own owner. */
	route: nullableText,
	/** Why this outcome: the cooldown's decision, or why there is no alert. */
	reason: z.string(),
	/** The cooldown's customer key, hashed, and the field it came from. */
	key: nullableText,
	keyField: nullableText,
	at: z.string(),
	revision: z.number().int().positive(),
	earlierAlertAt: nullableText,
});
export type Alert = z.infer<typeof alertSchema>;

/** What Create Case writes (core/caseRecord's CaseOnItem); later nodes read the case by id or key from it. */
export const caseSchema = z
	.object({
		provider: z.string(),
		id: z.string(),
		url: nullableText.default(null),
		key: nullableText.default(null),
		status: z.string(),
		closed: z.boolean().default(false),
		priority: z.enum(PRIORITIES).nullable().default(null),
		providerPriority: nullableText.optional(),
		dueAt: nullableText.default(null),
		createdAt: nullableText.optional(),
		revision: z.number().int().positive().nullable().optional(),
		resumeUrl: nullableText.optional(),
		outcome: z.enum(['closed', 'created', 'fetched', 'found', 'noted', 'updated']).optional(),
		integrity: z.array(z.string()).default([]),
		warnings: z.array(z.string()).default([]),
	})
	// The close record and what closing did to the SLA wait ride along as Create Case wrote them.
	.passthrough();

export const contactAttemptSchema = z.object({
	n: z.number().int().positive(),
	channel: z.string(),
	at: z.string(),
	outcome: z.string(),
	twoWay: z.boolean(),
});

export const contactSchema = z.object({
	attempts: z.array(contactAttemptSchema),
	next: z.string().nullable(),
	policy: z.string(),
});

export const SLA_STANDINGS = ['onTrack', 'atRisk', 'breached', 'met'] as const;

export const slaSchema = z.object({
	policy: z.string(),
	startedAt: z.string(),
	dueAt: z.string(),
	/** When the elapsed share of the SLA reaches the at-risk threshold; null when no threshold is set. */
	atRiskAt: nullableText.optional(),
	resumeUrl: nullableText.optional(),
	outcome: z.enum(['met', 'breached']).nullable(),
	resolvedAt: nullableText,
	breachedAt: nullableText.optional(),
	/** What resumed the wait, e.g. "resolved" or "customerReplied"; `resumeData` is the rest of that call's body. */
	event: nullableText.optional(),
	resumeData: z.record(z.unknown()).nullable().optional(),
	/** Check mode: where an SLA stood when it was checked. */
	standing: z.enum(SLA_STANDINGS).optional(),
	checkedAt: z.string().optional(),
	remainingMinutes: z.number().optional(),
});

export const closedLoopItemSchema = z
	.object({
		feedback: feedbackSchema,
		classification: classificationSchema.optional(),
		alert: alertSchema.optional(),
		case: caseSchema.optional(),
		contact: contactSchema.optional(),
		sla: slaSchema.optional(),
	})
	// Users add their own keys between our nodes (Set, Code…); keep them.
	.passthrough();
export type ClosedLoopItem = z.infer<typeof closedLoopItemSchema>;

/** A problem with one item, naming the field and, where it helps, the node that should have set it. */
export class FeedbackError extends Error {
	constructor(
		message: string,
		readonly field: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'FeedbackError';
	}
}

/** Turns a zod failure into one sentence an ops person can act on. */
export function describeIssues(error: z.ZodError, prefix = ''): { message: string; field: string } {
	const [first] = error.issues;
	const field = [prefix, ...first.path.map(String)].filter(Boolean).join('.');
	const others = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
	return { message: `${field || 'item'}: ${first.message}${others}`, field: field || prefix };
}

/** The keys later stages add to the item, and the node that sets each one. */
export const STAGE_PRODUCERS = {
	feedback: 'Survey Trigger',
	classification: 'Score & Classify',
	alert: 'Alert Rule',
	case: 'Create Case',
	contact: 'Contact Attempt',
	sla: 'SLA Wait',
} as const;
export type Stage = Exclude<keyof typeof STAGE_PRODUCERS, 'feedback'>;

const stageSchemas = {
	classification: classificationSchema,
	alert: alertSchema,
	case: caseSchema,
	contact: contactSchema,
	sla: slaSchema,
};
const readerSchemas = new Map<string, z.ZodTypeAny>();

/** `feedback` plus the stages a node reads; other keys pass through unchecked, as that node does not use them. */
function readerSchema(needs: readonly Stage[]): z.ZodTypeAny {
	const key = [...needs].sort().join(',');
	let schema = readerSchemas.get(key);
	if (!schema) {
		const shape = Object.fromEntries(needs.map((stage) => [stage, stageSchemas[stage]]));
		schema = z.object({ feedback: feedbackSchema, ...shape }).passthrough();
		readerSchemas.set(key, schema);
	}
	return schema;
}

/**
 * Reads an item coming into a node. Fails with the field at fault, and names the node
 * that is expected to have produced it, because that is where the user must look.
 */
export function readClosedLoopItem(json: unknown, readingNode: string, needs: readonly Stage[] = []): ClosedLoopItem {
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		throw new FeedbackError(`${readingNode} expects an object item, got ${describeValue(json)}`, 'item');
	}
	for (const stage of ['feedback' as const, ...needs]) {
		if ((json as Record<string, unknown>)[stage] === undefined) {
			throw new FeedbackError(
				`${readingNode} needs "${stage}" on each item, and this item has none`,
				stage,
				`It is set by ${STAGE_PRODUCERS[stage]}: put that node before this one, or map your data to the closed-loop item with a Set node`,
			);
		}
	}
	const parsed = readerSchema(needs).safeParse(json);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error);
		const stage = field.split('.')[0] as keyof typeof STAGE_PRODUCERS;
		const hint = STAGE_PRODUCERS[stage] ? `It is set by ${STAGE_PRODUCERS[stage]}` : undefined;
		throw new FeedbackError(`${readingNode} cannot use this item: ${message}`, field, hint);
	}
	return parsed.data as ClosedLoopItem;
}

export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return `"${shown}"`;
	}
	if (typeof value === 'object') return 'an object';
	return String(value);
}
