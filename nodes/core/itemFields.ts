/**
 * What one item's fields read as while Alert Rule's conditions run on it (rules.ts): each field a
 * rule set names is read once per item, with its fold, time and topics worked out once when a
 * condition first asks.
 *
 * The canonical item (feedback.ts) is read by straight-line code, one written-out read per key
 * (`feedback.touchpoint`): V8 caches each such read site for the item's shape, where a key held in
 * a variable (`object[key]`) is a generic lookup, measured at about ten times the work per field.
 * Only the fields the rule set names are read, and the objects on their way. Other paths (hidden fields, answers, a
 * second metric) are read by the key in a variable, from the nearest field already read.
 */
import { foldText } from './textFolding';

/** Slots of the canonical item's fields, fixed; other paths get slots after CANONICAL_SLOTS. */
const enum Slot {
	feedback, classification,
	id, revision, event, source, sourceEventId, surveyId, touchpoint, channel, submittedAt, locale, respondent, consent,
	metrics, comment, answers, hidden, warnings,
	respondentId, customerId, email, phone, name, timezone, segment, value,
	consentContact,
	metric, metricType, metricScore, metricScaleMin, metricScaleMax, metricQuestionId,
	category, primaryMetric, classifiedMetrics, sentiment, topics, priority, badExperience, reasons,
	classifiedMetric, classifiedType, classifiedScore, classifiedScaleMin, classifiedScaleMax, classifiedQuestionId, classifiedCategory,
	sentimentScore, sentimentComparative, sentimentLabel, sentimentLanguage,
	end,
}
const CANONICAL_SLOTS: number = Slot.end;

/** The objects of the canonical item, as bits: which of them the rule set reads into. */
const enum Reads {
	feedback = 1,
	respondent = 2,
	consent = 4,
	metric = 8,
	classification = 16,
	classifiedMetric = 32,
	sentiment = 64,
}

/** Each canonical path, its slot, and the objects read to reach it (the item's own two keys need none). */
const CANONICAL_PATHS: ReadonlyMap<string, { slot: number; reads: number }> = (() => {
	const paths = new Map<string, { slot: number; reads: number }>();
	const add = (prefix: string, reads: number, keys: Record<string, Slot>) => {
		for (const [key, slot] of Object.entries(keys)) paths.set(prefix + key, { slot, reads });
	};
	add('', 0, { feedback: Slot.feedback, classification: Slot.classification });
	add('feedback.', Reads.feedback, {
		id: Slot.id, revision: Slot.revision, event: Slot.event, source: Slot.source, sourceEventId: Slot.sourceEventId,
		surveyId: Slot.surveyId, touchpoint: Slot.touchpoint, channel: Slot.channel, submittedAt: Slot.submittedAt,
		locale: Slot.locale, respondent: Slot.respondent, consent: Slot.consent, metrics: Slot.metrics, comment: Slot.comment,
		answers: Slot.answers, hidden: Slot.hidden, warnings: Slot.warnings,
	});
	add('feedback.respondent.', Reads.feedback | Reads.respondent, {
		id: Slot.respondentId, customerId: Slot.customerId, email: Slot.email, phone: Slot.phone, name: Slot.name,
		timezone: Slot.timezone, segment: Slot.segment, value: Slot.value,
	});
	add('feedback.consent.', Reads.feedback | Reads.consent, { contact: Slot.consentContact });
	add('feedback.metrics.', Reads.feedback | Reads.metric, { 0: Slot.metric });
	add('feedback.metrics.0.', Reads.feedback | Reads.metric, {
		type: Slot.metricType, score: Slot.metricScore, scaleMin: Slot.metricScaleMin, scaleMax: Slot.metricScaleMax, questionId: Slot.metricQuestionId,
	});
	add('classification.', Reads.classification, {
		category: Slot.category, primaryMetric: Slot.primaryMetric, metrics: Slot.classifiedMetrics, sentiment: Slot.sentiment,
		topics: Slot.topics, priority: Slot.priority, badExperience: Slot.badExperience, reasons: Slot.reasons,
	});
	add('classification.metrics.', Reads.classification | Reads.classifiedMetric, { 0: Slot.classifiedMetric });
	add('classification.metrics.0.', Reads.classification | Reads.classifiedMetric, {
		type: Slot.classifiedType, score: Slot.classifiedScore, scaleMin: Slot.classifiedScaleMin, scaleMax: Slot.classifiedScaleMax,
		questionId: Slot.classifiedQuestionId, category: Slot.classifiedCategory,
	});
	add('classification.sentiment.', Reads.classification | Reads.sentiment, {
		score: Slot.sentimentScore, comparative: Slot.sentimentComparative, label: Slot.sentimentLabel, language: Slot.sentimentLanguage,
	});
	return paths;
})();

type Fields<K extends string> = { readonly [key in K]?: unknown };
type ItemShape = Fields<'feedback' | 'classification'>;
type FeedbackShape = Fields<
	| 'id' | 'revision' | 'event' | 'source' | 'sourceEventId' | 'surveyId' | 'touchpoint' | 'channel' | 'submittedAt' | 'locale'
	| 'respondent' | 'consent' | 'metrics' | 'comment' | 'answers' | 'hidden' | 'warnings'
>;
type RespondentShape = Fields<'id' | 'customerId' | 'email' | 'phone' | 'name' | 'timezone' | 'segment' | 'value'>;
type MetricShape = Fields<'type' | 'score' | 'scaleMin' | 'scaleMax' | 'questionId' | 'category'>;
type ClassificationShape = Fields<'category' | 'primaryMetric' | 'metrics' | 'sentiment' | 'topics' | 'priority' | 'badExperience' | 'reasons'>;
type SentimentShape = Fields<'score' | 'comparative' | 'label' | 'language'>;

/** An object's fields are read; anything else (null, text, a number) has none. */
const asObject = (value: unknown): object | undefined => (typeof value === 'object' && value !== null ? value : undefined);

/** Fills the canonical slots the rule set names, in the objects `reads` names (the others keep what they held: no condition reads them). */
function readCanonicalItem(item: unknown, values: unknown[], reads: number, named: Uint8Array): void {
	const root = asObject(item) as ItemShape | undefined;
	values[Slot.feedback] = root === undefined ? undefined : root.feedback;
	values[Slot.classification] = root === undefined ? undefined : root.classification;
	if (reads & Reads.feedback) {
		const feedback = asObject(values[Slot.feedback]) as FeedbackShape | undefined;
		if (feedback === undefined) values.fill(undefined, Slot.id, Slot.warnings + 1);
		else {
			if (named[Slot.id] === 1) values[Slot.id] = feedback.id;
			if (named[Slot.revision] === 1) values[Slot.revision] = feedback.revision;
			if (named[Slot.event] === 1) values[Slot.event] = feedback.event;
			if (named[Slot.source] === 1) values[Slot.source] = feedback.source;
			if (named[Slot.sourceEventId] === 1) values[Slot.sourceEventId] = feedback.sourceEventId;
			if (named[Slot.surveyId] === 1) values[Slot.surveyId] = feedback.surveyId;
			if (named[Slot.touchpoint] === 1) values[Slot.touchpoint] = feedback.touchpoint;
			if (named[Slot.channel] === 1) values[Slot.channel] = feedback.channel;
			if (named[Slot.submittedAt] === 1) values[Slot.submittedAt] = feedback.submittedAt;
			if (named[Slot.locale] === 1) values[Slot.locale] = feedback.locale;
			if (named[Slot.respondent] === 1) values[Slot.respondent] = feedback.respondent;
			if (named[Slot.consent] === 1) values[Slot.consent] = feedback.consent;
			if (named[Slot.metrics] === 1) values[Slot.metrics] = feedback.metrics;
			if (named[Slot.comment] === 1) values[Slot.comment] = feedback.comment;
			if (named[Slot.answers] === 1) values[Slot.answers] = feedback.answers;
			if (named[Slot.hidden] === 1) values[Slot.hidden] = feedback.hidden;
			if (named[Slot.warnings] === 1) values[Slot.warnings] = feedback.warnings;
		}
	}
	if (reads & Reads.respondent) {
		const respondent = asObject(values[Slot.respondent]) as RespondentShape | undefined;
		if (respondent === undefined) values.fill(undefined, Slot.respondentId, Slot.value + 1);
		else {
			if (named[Slot.respondentId] === 1) values[Slot.respondentId] = respondent.id;
			if (named[Slot.customerId] === 1) values[Slot.customerId] = respondent.customerId;
			if (named[Slot.email] === 1) values[Slot.email] = respondent.email;
			if (named[Slot.phone] === 1) values[Slot.phone] = respondent.phone;
			if (named[Slot.name] === 1) values[Slot.name] = respondent.name;
			if (named[Slot.timezone] === 1) values[Slot.timezone] = respondent.timezone;
			if (named[Slot.segment] === 1) values[Slot.segment] = respondent.segment;
			if (named[Slot.value] === 1) values[Slot.value] = respondent.value;
		}
	}
	if (reads & Reads.consent) {
		const consent = asObject(values[Slot.consent]) as Fields<'contact'> | undefined;
		values[Slot.consentContact] = consent === undefined ? undefined : consent.contact;
	}
	if (reads & Reads.metric) {
		const metrics = asObject(values[Slot.metrics]) as Fields<'0'> | undefined;
		const metric = asObject((values[Slot.metric] = metrics === undefined ? undefined : metrics[0])) as MetricShape | undefined;
		if (metric === undefined) values.fill(undefined, Slot.metricType, Slot.metricQuestionId + 1);
		else {
			if (named[Slot.metricType] === 1) values[Slot.metricType] = metric.type;
			if (named[Slot.metricScore] === 1) values[Slot.metricScore] = metric.score;
			if (named[Slot.metricScaleMin] === 1) values[Slot.metricScaleMin] = metric.scaleMin;
			if (named[Slot.metricScaleMax] === 1) values[Slot.metricScaleMax] = metric.scaleMax;
			if (named[Slot.metricQuestionId] === 1) values[Slot.metricQuestionId] = metric.questionId;
		}
	}
	if (reads & Reads.classification) {
		const classification = asObject(values[Slot.classification]) as ClassificationShape | undefined;
		if (classification === undefined) values.fill(undefined, Slot.category, Slot.reasons + 1);
		else {
			if (named[Slot.category] === 1) values[Slot.category] = classification.category;
			if (named[Slot.primaryMetric] === 1) values[Slot.primaryMetric] = classification.primaryMetric;
			if (named[Slot.classifiedMetrics] === 1) values[Slot.classifiedMetrics] = classification.metrics;
			if (named[Slot.sentiment] === 1) values[Slot.sentiment] = classification.sentiment;
			if (named[Slot.topics] === 1) values[Slot.topics] = classification.topics;
			if (named[Slot.priority] === 1) values[Slot.priority] = classification.priority;
			if (named[Slot.badExperience] === 1) values[Slot.badExperience] = classification.badExperience;
			if (named[Slot.reasons] === 1) values[Slot.reasons] = classification.reasons;
		}
	}
	if (reads & Reads.classifiedMetric) {
		const metrics = asObject(values[Slot.classifiedMetrics]) as Fields<'0'> | undefined;
		const metric = asObject((values[Slot.classifiedMetric] = metrics === undefined ? undefined : metrics[0])) as MetricShape | undefined;
		if (metric === undefined) values.fill(undefined, Slot.classifiedType, Slot.classifiedCategory + 1);
		else {
			if (named[Slot.classifiedType] === 1) values[Slot.classifiedType] = metric.type;
			if (named[Slot.classifiedScore] === 1) values[Slot.classifiedScore] = metric.score;
			if (named[Slot.classifiedScaleMin] === 1) values[Slot.classifiedScaleMin] = metric.scaleMin;
			if (named[Slot.classifiedScaleMax] === 1) values[Slot.classifiedScaleMax] = metric.scaleMax;
			if (named[Slot.classifiedQuestionId] === 1) values[Slot.classifiedQuestionId] = metric.questionId;
			if (named[Slot.classifiedCategory] === 1) values[Slot.classifiedCategory] = metric.category;
		}
	}
	if (reads & Reads.sentiment) {
		const sentiment = asObject(values[Slot.sentiment]) as SentimentShape | undefined;
		if (sentiment === undefined) values.fill(undefined, Slot.sentimentScore, Slot.sentimentLanguage + 1);
		else {
			if (named[Slot.sentimentScore] === 1) values[Slot.sentimentScore] = sentiment.score;
			if (named[Slot.sentimentComparative] === 1) values[Slot.sentimentComparative] = sentiment.comparative;
			if (named[Slot.sentimentLabel] === 1) values[Slot.sentimentLabel] = sentiment.label;
			if (named[Slot.sentimentLanguage] === 1) values[Slot.sentimentLanguage] = sentiment.language;
		}
	}
}

/**
 * A path segment as the key reads fastest: a list index as a number; a name as the engine's own
 * (internalized) copy, since text split from a path is not one and every read of such a key hashes it.
 */
function propertyKey(segment: string): string | number {
	if (/^(0|[1-9]\d{0,8})$/.test(segment)) return Number(segment);
	return Object.keys({ [segment]: true })[0];
}

/** Names objects and lists inherit; any other key that reads a value is the object's own. */
export const INHERITED_NAMES: ReadonlySet<string> = new Set(
	[Object.prototype, Array.prototype].flatMap((prototype) => Object.getOwnPropertyNames(prototype)).concat('__proto__'),
);

/** How a slot beyond the canonical item reads its key: as it is, only when it is the object's own (an inherited name), or as a list index. */
const enum Read {
	any,
	own,
	index,
}
const readOf = (segment: string): Read =>
	typeof propertyKey(segment) === 'number' ? Read.index : INHERITED_NAMES.has(segment) ? Read.own : Read.any;

/**
 * One per compiled rule set, reused from item to item (evaluation is synchronous), so nothing is
 * allocated per item. A generation number says which folds, times and topics belong to the current item.
 */
export class ItemFields {
	private generation = 0;
	/** The canonical objects the rule set reads into (Reads bits). */
	private reads = 0;
	/** By canonical slot: 1 when the rule set names the field, or a field inside it. */
	private readonly named = new Uint8Array(CANONICAL_SLOTS);
	/** By slot beyond the canonical ones: the last key of its path, how it is read, and the slot of its prefix (-1: the item). Prefixes come first. */
	private readonly keys: Array<string | number> = [];
	private readonly readings: Read[] = [];
	private readonly parents: number[] = [];
	private readonly slotsByPath = new Map<string, number>();
	private readonly values: unknown[] = new Array<unknown>(CANONICAL_SLOTS).fill(undefined);
	private readonly folds: string[] = new Array<string>(CANONICAL_SLOTS).fill('');
	private readonly times: Array<number | undefined> = new Array<number | undefined>(CANONICAL_SLOTS).fill(undefined);
	private readonly timeStamps: number[] = new Array<number>(CANONICAL_SLOTS).fill(0);
	private readonly foldStamps: number[] = new Array<number>(CANONICAL_SLOTS).fill(0);
	private readonly topicLists: string[][] = Array.from({ length: CANONICAL_SLOTS }, () => []);
	private readonly topicCounts: number[] = new Array<number>(CANONICAL_SLOTS).fill(0);
	private readonly topicStamps: number[] = new Array<number>(CANONICAL_SLOTS).fill(0);

	/** The slot of a path (split), added with its prefixes when new. For compiling. */
	slotOf(path: readonly string[]): number {
		let parent = -1;
		for (let depth = 1; depth <= path.length; depth++) {
			const joined = path.slice(0, depth).join('.');
			const canonical = parent < CANONICAL_SLOTS ? CANONICAL_PATHS.get(joined) : undefined;
			if (canonical) {
				this.reads |= canonical.reads;
				this.named[canonical.slot] = 1;
				parent = canonical.slot;
				continue;
			}
			let slot = this.slotsByPath.get(joined);
			if (slot === undefined) {
				slot = this.values.length;
				this.slotsByPath.set(joined, slot);
				this.keys.push(propertyKey(path[depth - 1]));
				this.readings.push(readOf(path[depth - 1]));
				this.parents.push(parent);
				this.values.push(undefined);
				this.folds.push('');
				this.times.push(undefined);
				this.timeStamps.push(0);
				this.foldStamps.push(0);
				this.topicLists.push([]);
				this.topicCounts.push(0);
				this.topicStamps.push(0);
			}
			parent = slot;
		}
		return parent;
	}

	reset(item: unknown): this {
		// Wraps while still a small integer, so the stamps stay an array of small integers.
		this.generation = this.generation === 0x3fffffff ? 1 : this.generation + 1;
		if (this.generation === 1) {
			this.foldStamps.fill(0);
			this.timeStamps.fill(0);
			this.topicStamps.fill(0);
		}
		const values = this.values;
		readCanonicalItem(item, values, this.reads, this.named);
		for (let slot = CANONICAL_SLOTS; slot < values.length; slot++) {
			const at = slot - CANONICAL_SLOTS;
			const parent = this.parents[at];
			const current = parent === -1 ? item : values[parent];
			let value: unknown;
			if (current === null || typeof current !== 'object') value = undefined;
			else {
				const key = this.keys[at];
				const reading = this.readings[at];
				if (reading === Read.index) value = (current as Record<number, unknown>)[key as number];
				else value = reading === Read.own && !Object.prototype.hasOwnProperty.call(current, key) ? undefined : (current as Record<string, unknown>)[key];
			}
			values[slot] = value;
		}
		return this;
	}

	value(slot: number): unknown {
		return this.values[slot];
	}

	/** The field's value as a time (timeOf), once per item. */
	time(slot: number, value: unknown): number | undefined {
		if (this.timeStamps[slot] === this.generation) return this.times[slot];
		this.timeStamps[slot] = this.generation;
		return (this.times[slot] = timeOf(value));
	}

	/** The field's text folded (the text is the field's value), once per item. */
	folded(slot: number, text: string): string {
		if (this.foldStamps[slot] === this.generation) return this.folds[slot];
		this.foldStamps[slot] = this.generation;
		return (this.folds[slot] = foldValue(text));
	}

	/**
	 * The topic ids and labels of the field's list of topics, folded, once per item (rule sets test
	 * topics in many rules): how many there are, in a list per slot refilled from item to item.
	 */
	topicFolds(slot: number, topics: readonly unknown[]): number {
		if (this.topicStamps[slot] === this.generation) return this.topicCounts[slot];
		const folds = this.topicLists[slot];
		let count = 0;
		for (let at = 0; at < topics.length; at++) {
			const entry = topics[at];
			if (!isTopicEntry(entry)) continue;
			if (typeof entry.topic === 'string') folds[count++] = foldValue(entry.topic);
			if (typeof entry.label === 'string') folds[count++] = foldValue(entry.label);
		}
		this.topicStamps[slot] = this.generation;
		this.topicCounts[slot] = count;
		return count;
	}

	/** The folds topicFolds counted. */
	topicList(slot: number): readonly string[] {
		return this.topicLists[slot];
	}
}

export type TopicEntry = { topic?: unknown; label?: unknown };
export const isTopicEntry = (entry: unknown): entry is TopicEntry => typeof entry === 'object' && entry !== null;

/** Short values (ids, categories, stores, topic labels) repeat from item to item: their folds are memoised. */
const foldedValues = new Map<string, string>();
/** The last long text folded: several conditions on one comment fold it once. */
let lastLongText = '';
let lastLongFold = '';
export function foldValue(text: string): string {
	if (text.length > 80) {
		if (text !== lastLongText) {
			lastLongFold = foldText(text);
			lastLongText = text;
		}
		return lastLongFold;
	}
	if (isFoldedAlready(text)) return text;
	let folded = foldedValues.get(text);
	if (folded === undefined) {
		folded = foldText(text);
		if (foldedValues.size < 10_000) foldedValues.set(text, folded);
	}
	return folded;
}

/** Lower-case ASCII words with single spaces ("detractor", "call centre") are their own fold: no lookup needed. */
function isFoldedAlready(text: string): boolean {
	if (text === '' || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) return false;
	for (let at = 0; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) continue;
		if (code !== 32 || text.charCodeAt(at - 1) === 32) return false;
	}
	return true;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO date or time as milliseconds, or undefined for anything else. */
export function timeOf(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const utc = utcTimeOf(value);
	if (utc !== undefined) return utc;
	const text = value.trim();
	if (!ISO_DATE.test(text)) return undefined;
	const time = Date.parse(text);
	return Number.isFinite(time) ? time : undefined;
}

/**
 * What Date.parse reads in the two shapes items carry their times in, 2026-03-02 and
 * 2026-03-02T10:00:00Z (or .250Z), read digit by digit (Date.parse costs more than the rest of
 * a comparison); undefined for any other text, which Date.parse reads.
 */
function utcTimeOf(text: string): number | undefined {
	const length = text.length;
	if (length !== 10 && length !== 20 && length !== 24) return undefined;
	if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	// Two-digit years are 19xx to Date.UTC, and Date.parse refuses month 13 or day 32 where Date.UTC rolls over.
	if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
	if (length === 10) return Date.UTC(year, month - 1, day);
	if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) return undefined;
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	const millisecond = length === 24 && text.charCodeAt(19) === 46 ? digitsAt(text, 20, 3) : length === 20 ? 0 : -1;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0) return undefined;
	return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

/** The number written by `count` digits from `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
	let number = 0;
	for (let end = at + count; at < end; at++) {
		const digit = text.charCodeAt(at) - 48;
		if (digit < 0 || digit > 9) return -1;
		number = number * 10 + digit;
	}
	return number;
}

/**
 * What was worked out for a field's values (the rules a guard leaves, a reason's text), remembered:
 * a field's values repeat from item to item. The first few are kept in a list compared with ===,
 * which costs a fraction of a Map lookup; the next ones, up to `limit`, in a Map.
 */
export class ValueMemo<T> {
	private readonly recent: unknown[] = [];
	private readonly recentResults: T[] = [];
	private readonly more = new Map<unknown, T>();

	constructor(private readonly limit: number) {}

	get(value: unknown): T | undefined {
		const recent = this.recent;
		for (let at = 0; at < recent.length; at++) if (recent[at] === value) return this.recentResults[at];
		return this.more.size === 0 ? undefined : this.more.get(value);
	}

	set(value: unknown, result: T): void {
		if (this.recent.length < RECENT_VALUES) {
			this.recent.push(value);
			this.recentResults.push(result);
		} else if (this.more.size < this.limit) this.more.set(value, result);
	}
}
const RECENT_VALUES = 8;
