/**
 * Alert Rule's condition engine: rule sets validated with zod, compiled once, evaluated per item
 * with the reasons an owner reads ("feedback.touchpoint equals "delivery" (it is "Delivery")").
 *
 * Model (as Zendesk's triggers): a rule set is `{ match: 'first' | 'all', rules }`; a rule has a
 * name and a condition group `when: { combine: 'all' | 'any', conditions }`; a group may hold
 * conditions and groups, and such an inner group conditions only (one level of nesting).
 *
 * Comparing, documented for users in the node's docs:
 * - `field` is a dot path into the item (`feedback.hidden.store`, `feedback.metrics[0].score`).
 * - Text is compared folded, as topics compare words: case, accents, punctuation and runs of
 *   spaces do not matter ("Île-de-France" equals "ile de france"; contains "délai" finds "DELAI").
 * - A list field (topics, answers, tags in hidden fields) meets equals, contains, inList and
 *   matchesRegex when any of its elements does; notEquals when none of them equals the value.
 * - A missing field (or null) meets no condition but isEmpty, and the reason says it is missing.
 *   null, undefined, blank text, [] and {} are empty.
 * - lt, lte, gt, gte compare numbers (numeric text counts as its number) or, when the value is an
 *   ISO date, times. Anything else is a type mismatch: not met, and the reason says why. Evaluation
 *   never throws.
 * - matchesRegex patterns are at most REGEX_MAX_PATTERN_LENGTH characters, are checked for shapes
 *   that backtrack exponentially (refused when the rule set is read, saying why), and see only the
 *   first REGEX_MAX_INPUT_LENGTH characters of the text.
 */
import { z } from 'zod';

import { FeedbackError, PRIORITIES, describeValue, sentimentSchema } from './feedback';
import { parseJsonText } from './json';
import { readPath, splitPath } from './paths';
import { foldText, parseKeywordList } from './topics';

export const RULE_OPERATORS = [
	'equals',
	'notEquals',
	'lt',
	'lte',
	'gt',
	'gte',
	'contains',
	'inList',
	'isEmpty',
	'isNotEmpty',
	'matchesRegex',
	'hasTopic',
	'sentimentIs',
	'priorityAtLeast',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const MATCH_MODES = ['first', 'all'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];
export const COMBINE_MODES = ['all', 'any'] as const;
export type CombineMode = (typeof COMBINE_MODES)[number];

export const REGEX_MAX_PATTERN_LENGTH = 200;
export const REGEX_MAX_INPUT_LENGTH = 10_000;
/** Open-ended repetitions (`*`, `+`, `{n,}`) a pattern may have: each one multiplies the work on a long text. */
export const REGEX_MAX_OPEN_REPEATS = 3;

/** The field an operator reads when the condition names none. */
export const DEFAULT_FIELDS: Readonly<Partial<Record<RuleOperator, string>>> = {
	hasTopic: 'classification.topics',
	sentimentIs: 'classification.sentiment',
	priorityAtLeast: 'classification.priority',
};

const SENTIMENT_LABELS = sentimentSchema.shape.label.options;
type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

// ---------------------------------------------------------------------------------------------
// Schemas

export interface Condition {
	field: string;
	operator: RuleOperator;
	value?: unknown;
	/** matchesRegex only: the `i` flag. */
	ignoreCase?: boolean;
}
export interface ConditionGroup {
	combine: CombineMode;
	conditions: Array<Condition | ConditionGroup>;
}

const operatorSchema = z.enum(RULE_OPERATORS, {
	errorMap: () => ({ message: `must be one of ${RULE_OPERATORS.join(', ')}` }),
});

const rawConditionSchema = z
	.object({
		field: z.string({ invalid_type_error: 'must be text (a dot path such as feedback.touchpoint)' }).trim().optional(),
		operator: operatorSchema,
		value: z.unknown().optional(),
		ignoreCase: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
	})
	.strict();

/** One condition; the value is checked against what its operator needs. */
export const conditionSchema: z.ZodType<Condition, z.ZodTypeDef, unknown> = rawConditionSchema
	.superRefine((condition, ctx) => {
		const problem = conditionProblem(condition);
		if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem.message, path: [problem.key] });
	})
	.transform((condition): Condition => {
		const { field, ...rest } = condition;
		return { field: field || (DEFAULT_FIELDS[condition.operator] as string), ...rest };
	});

const isGroupShape = (value: unknown): boolean =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && ('conditions' in value || 'combine' in value);

/** Parses with another schema inside a transform, keeping that schema's issues at their paths. */
function parseWithin<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, ctx: z.RefinementCtx): T {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	for (const issue of parsed.error.issues) ctx.addIssue(issue as z.IssueData);
	return z.NEVER;
}

function groupSchemaOf(entry: z.ZodType<Condition | ConditionGroup, z.ZodTypeDef, unknown>) {
	return z
		.object({
			combine: z.enum(COMBINE_MODES, { errorMap: () => ({ message: 'must be "all" or "any"' }) }).default('all'),
			conditions: z
				.array(entry, { invalid_type_error: 'must be a list of conditions' })
				.min(1, 'must hold at least one condition'),
		})
		.strict();
}

/** A group inside the rule's top group: conditions only. */
export const innerConditionGroupSchema: z.ZodType<ConditionGroup, z.ZodTypeDef, unknown> = groupSchemaOf(
	z.unknown().transform((entry, ctx): Condition => {
		if (isGroupShape(entry)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: 'is a group inside a group inside the rule: groups nest one level only (move its conditions up, or split the rule)',
			});
			return z.NEVER;
		}
		return parseWithin(conditionSchema, entry, ctx);
	}),
);

/** A rule's `when`: conditions, and groups of conditions. */
export const conditionGroupSchema: z.ZodType<ConditionGroup, z.ZodTypeDef, unknown> = groupSchemaOf(
	z.unknown().transform((entry, ctx) =>
		parseWithin<Condition | ConditionGroup>(isGroupShape(entry) ? innerConditionGroupSchema : conditionSchema, entry, ctx),
	),
);

/**
 * A rule. Strict: an unknown key is refused, so a typo never passes silently. The node adds its
 * own fields (owner, route…) with `ruleSchema.extend({ … })` and passes that to parseRuleSet.
 */
export const ruleSchema = z
	.object({
		name: z.string({ required_error: 'is required', invalid_type_error: 'must be text' }).trim().min(1, 'must not be empty'),
		when: conditionGroupSchema,
	})
	.strict();
export type Rule = z.infer<typeof ruleSchema>;

type RuleSchema<R extends Rule> = z.ZodType<R, z.ZodTypeDef, unknown>;

export interface RuleSet<R extends Rule = Rule> {
	match: MatchMode;
	rules: R[];
}

/** The rule set schema for a rule schema (ruleSchema, or the node's extension of it). */
export function ruleSetSchemaOf<R extends Rule>(rule: RuleSchema<R>) {
	return z
		.object({
			match: z.enum(MATCH_MODES, { errorMap: () => ({ message: 'must be "first" or "all"' }) }).default('first'),
			rules: z.array(rule, { invalid_type_error: 'must be a list of rules' }).min(1, 'must hold at least one rule'),
		})
		.strict()
		.superRefine((set, ctx) => {
			const seen = new Map<string, number>();
			set.rules.forEach((rule, index) => {
				const key = foldText(rule.name);
				const earlier = seen.get(key);
				if (earlier === undefined) seen.set(key, index);
				else {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						path: ['rules', index, 'name'],
						message: `is already the name of rule ${earlier + 1}: names must differ, as alerts and counts are reported by rule name`,
					});
				}
			});
		});
}
export const ruleSetSchema = ruleSetSchemaOf(ruleSchema);

// ---------------------------------------------------------------------------------------------
// Checking a condition's value

const VALUELESS = new Set<RuleOperator>(['isEmpty', 'isNotEmpty']);
const NUMERIC_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

const isScalar = (value: unknown): value is string | number | boolean =>
	typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';

/** A list of strings, or one string, as hasTopic and sentimentIs take them. */
const textList = (value: unknown): string[] | undefined =>
	typeof value === 'string' ? [value] : Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : undefined;

function conditionProblem(condition: z.infer<typeof rawConditionSchema>): { key: string; message: string } | undefined {
	const { operator, value } = condition;
	if (!condition.field && !DEFAULT_FIELDS[operator]) return { key: 'field', message: 'is required' };
	if (condition.field !== undefined && condition.field !== '' && splitPath(condition.field).length === 0) {
		return { key: 'field', message: 'must be a dot path such as feedback.touchpoint' };
	}
	if (condition.ignoreCase !== undefined && operator !== 'matchesRegex') {
		return { key: 'ignoreCase', message: 'applies to matchesRegex only (the other operators already ignore case)' };
	}
	const problem = valueProblem(operator, value, condition.ignoreCase === true);
	return problem ? { key: 'value', message: problem } : undefined;
}

function valueProblem(operator: RuleOperator, value: unknown, ignoreCase: boolean): string | undefined {
	if (VALUELESS.has(operator)) {
		return value === undefined || value === null || value === '' ? undefined : `must be left out: ${operator} takes no value`;
	}
	if (value === undefined || value === null || value === '') {
		return operator === 'equals' || operator === 'notEquals'
			? `is required for ${operator} (to test for no value, use isEmpty or isNotEmpty)`
			: `is required for ${operator}`;
	}
	switch (operator) {
		case 'equals':
		case 'notEquals':
			return isScalar(value) ? undefined : `must be text, a number or true/false for ${operator}, not ${describeValue(value)} (to compare with several values, use inList)`;
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte':
			return numberOf(value) !== undefined || timeOf(value) !== undefined
				? undefined
				: `must be a number or an ISO date for ${operator}, not ${describeValue(value)}`;
		case 'contains':
			if (!isScalar(value)) return `must be text for contains, not ${describeValue(value)}`;
			return foldText(String(value)) === '' ? 'has no letters or digits to look for' : undefined;
		case 'inList':
			if (!Array.isArray(value)) return `must be a list for inList, e.g. ["delivery", "store"], not ${describeValue(value)}`;
			if (value.length === 0) return 'must hold at least one entry';
			return value.every(isScalar) ? undefined : 'must hold only text, numbers or true/false';
		case 'matchesRegex':
			return typeof value === 'string' ? regexProblem(value, ignoreCase) : `must be a regular expression as text, not ${describeValue(value)}`;
		case 'hasTopic': {
			const topics = textList(value);
			return topics && topics.length && topics.every((topic) => foldText(topic) !== '')
				? undefined
				: 'must be a topic id or label (e.g. "delivery"), or a list of them';
		}
		case 'sentimentIs': {
			const labels = textList(value);
			return labels && labels.length && labels.every((label) => SENTIMENT_LABELS.includes(label.trim().toLowerCase() as SentimentLabel))
				? undefined
				: `must be one of ${SENTIMENT_LABELS.join(', ')}, or a list of them`;
		}
		case 'priorityAtLeast':
			return priorityLevel(value) === -1 ? `must be one of ${PRIORITIES.join(', ')} (P1 is the most urgent)` : undefined;
	}
	return undefined;
}

function regexProblem(pattern: string, ignoreCase: boolean): string | undefined {
	if (pattern.length > REGEX_MAX_PATTERN_LENGTH) {
		return `is ${pattern.length} characters long; a pattern may have at most ${REGEX_MAX_PATTERN_LENGTH}`;
	}
	const hazard = regexHazard(pattern);
	if (hazard) return `is refused: ${hazard}`;
	try {
		compileRegex(pattern, ignoreCase);
	} catch (error) {
		return `is not a valid regular expression: ${(error as Error).message}`;
	}
	return undefined;
}

/** With the `u` flag when the pattern allows it (so \p{L} and astral characters work), else without. */
function compileRegex(pattern: string, ignoreCase: boolean): RegExp {
	try {
		return new RegExp(pattern, ignoreCase ? 'iu' : 'u');
	} catch {
		return new RegExp(pattern, ignoreCase ? 'i' : '');
	}
}

interface PatternGroup {
	start: number;
	/** A repetition somewhere inside. */
	repeats: boolean;
	/** First character of each alternative: a literal, or null when it is not one known character. */
	firsts: Array<string | null>;
	current: string | null | undefined;
}

/**
 * Why a pattern can backtrack exponentially, or undefined. Conservative: it refuses a repeated
 * group with a repetition inside ((a+)+, (a*)*, (.*)*), a repeated group whose alternatives can
 * start with the same character ((a|aa)+, (\s|,)+), backreferences, lookbehind, and more than
 * REGEX_MAX_OPEN_REPEATS open-ended repetitions.
 */
export function regexHazard(pattern: string): string | undefined {
	const stack: PatternGroup[] = [{ start: -1, repeats: false, firsts: [], current: undefined }];
	let lastGroup: PatternGroup | undefined;
	let lastGroupText = '';
	let openRepeats = 0;
	const atom = (first: string | null) => {
		const top = stack[stack.length - 1];
		if (top.current === undefined) top.current = first;
		lastGroup = undefined;
	};
	for (let at = 0; at < pattern.length; at++) {
		const char = pattern[at];
		if (char === '\\') {
			const next = pattern[at + 1] ?? '';
			if (/[1-9]/.test(next) || (next === 'k' && pattern[at + 2] === '<')) {
				return `backreferences (\\${next}${next === 'k' ? '<…>' : ''}) can take exponential time; match the text itself instead`;
			}
			atom(/[^\w\s]/.test(next) ? next : null);
			at++;
			continue;
		}
		if (char === '[') {
			let end = at + 1;
			if (pattern[end] === '^') end++;
			if (pattern[end] === ']') end++;
			while (end < pattern.length && pattern[end] !== ']') end += pattern[end] === '\\' ? 2 : 1;
			atom(null);
			at = end;
			continue;
		}
		if (char === '(') {
			if (pattern.startsWith('(?<=', at) || pattern.startsWith('(?<!', at)) {
				return 'lookbehind ((?<= …) or (?<! …)) is not allowed: it rescans the text behind every position';
			}
			atom(null);
			stack.push({ start: at, repeats: false, firsts: [], current: undefined });
			if (pattern[at + 1] === '?') at += pattern[at + 2] === '<' ? Math.max(pattern.indexOf('>', at), at + 2) - at : 2;
			continue;
		}
		if (char === ')' && stack.length > 1) {
			const group = stack.pop() as PatternGroup;
			group.firsts.push(group.current ?? null);
			const parent = stack[stack.length - 1];
			parent.repeats ||= group.repeats;
			lastGroup = group;
			lastGroupText = pattern.slice(group.start, at + 1);
			continue;
		}
		if (char === '|') {
			const top = stack[stack.length - 1];
			top.firsts.push(top.current ?? null);
			top.current = undefined;
			lastGroup = undefined;
			continue;
		}
		const quantifier = readQuantifier(pattern, at);
		if (quantifier) {
			if (quantifier.open) openRepeats++;
			if (quantifier.repeats) {
				stack[stack.length - 1].repeats = true;
				if (lastGroup?.repeats) {
					return `the group ${lastGroupText} repeats a repetition (a nested quantifier, like (a+)+), which can take exponential time; repeat only the inside or only the group`;
				}
				if (lastGroup && alternativesOverlap(lastGroup.firsts)) {
					return `the repeated group ${lastGroupText} has alternatives that can start alike (like (a|aa)+), which can take exponential time; use a character class such as [ab]+ or make each alternative start differently`;
				}
			}
			if (openRepeats > REGEX_MAX_OPEN_REPEATS) {
				return `it has more than ${REGEX_MAX_OPEN_REPEATS} open-ended repetitions (*, + or {n,}), and each one multiplies the work on a long comment`;
			}
			at = quantifier.end;
			lastGroup = undefined;
			continue;
		}
		atom(char === '.' || char === '^' || char === '$' ? null : char);
	}
	return undefined;
}

function readQuantifier(pattern: string, at: number): { repeats: boolean; open: boolean; end: number } | undefined {
	const char = pattern[at];
	let end = at;
	let repeats: boolean;
	let open: boolean;
	if (char === '*' || char === '+') {
		repeats = true;
		open = true;
	} else if (char === '?') {
		repeats = false;
		open = false;
	} else if (char === '{') {
		const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
		if (!braces) return undefined;
		open = braces[2] !== undefined && braces[3] === '';
		repeats = open || (braces[3] !== undefined ? Number(braces[3]) > 1 : Number(braces[1]) > 1);
		end = at + braces[0].length - 1;
	} else return undefined;
	if (pattern[end + 1] === '?') end++;
	return { repeats, open, end };
}

function alternativesOverlap(firsts: Array<string | null>): boolean {
	if (firsts.length < 2) return false;
	const seen = new Set<string>();
	for (const first of firsts) {
		if (first === null) return true;
		const folded = first.toLowerCase();
		if (seen.has(folded)) return true;
		seen.add(folded);
	}
	return false;
}

// ---------------------------------------------------------------------------------------------
// Reading rule sets

export interface ParseRuleSetOptions<R extends Rule> {
	/** The node's rule schema (ruleSchema.extend({ … })); ruleSchema by default. */
	ruleSchema?: RuleSchema<R>;
	/** The match mode when the input is a bare list of rules (as pasted under a Match option). */
	match?: MatchMode;
	/** The parameter the rule set came from, for FeedbackError.field. */
	field?: string;
}

const RULE_SET_HINT =
	'A rule set is { "match": "first" | "all", "rules": [ { "name": "Late delivery", "when": { "combine": "all" | "any", ' +
	'"conditions": [ { "field": "feedback.touchpoint", "operator": "equals", "value": "delivery" } ] } } ] }; positions in [brackets] count from 0';

/**
 * Reads a rule set given as JSON text or as an object, or a bare list of rules. An invalid rule
 * set throws a FeedbackError naming the rule (its name and 1-based position) and the field.
 */
export function parseRuleSet<R extends Rule = Rule>(raw: unknown, options: ParseRuleSetOptions<R> = {}): RuleSet<R> {
	const field = options.field ?? 'rules';
	let value = raw;
	if (typeof raw === 'string') {
		const parsed = parseJsonText(raw);
		if (!parsed) throw new FeedbackError('The rules are not valid JSON', field, RULE_SET_HINT);
		value = parsed.value;
	}
	if (Array.isArray(value)) value = { match: options.match ?? 'first', rules: value };
	const schema = options.ruleSchema ? ruleSetSchemaOf(options.ruleSchema) : ruleSetSchema;
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data as RuleSet<R>;
	throw ruleSetError(parsed.error.issues[0], value, field);
}

function ruleSetError(issue: z.ZodIssue, input: unknown, field: string): FeedbackError {
	const [top, index, ...rest] = issue.path;
	const message = issueMessage(issue);
	const hint = issue.path.includes('operator')
		? `Operators: ${RULE_OPERATORS.join(', ')}`
		: RULE_SET_HINT;
	if (top === 'rules' && typeof index === 'number') {
		const rawRule = (input as { rules: unknown[] }).rules[index];
		const rawName = typeof rawRule === 'object' && rawRule !== null ? (rawRule as { name?: unknown }).name : undefined;
		const named = typeof rawName === 'string' && rawName.trim() ? ` "${rawName.trim()}"` : '';
		const where = formatPath(rest);
		return new FeedbackError(
			`Rule ${index + 1}${named}: ${where ? `${where} ` : ''}${message}`,
			`${field}[${index}]${where ? `.${where}` : ''}`,
			hint,
		);
	}
	const where = formatPath(issue.path);
	return new FeedbackError(`Rule set: ${where ? `${where} ` : ''}${message}`, where ? `${field}.${where}` : field, hint);
}

function formatPath(path: Array<string | number>): string {
	return path.map((segment, at) => (typeof segment === 'number' ? `[${segment}]` : at ? `.${segment}` : segment)).join('');
}

function issueMessage(issue: z.ZodIssue): string {
	if (issue.code === z.ZodIssueCode.invalid_type) {
		if (issue.received === 'undefined') return 'is required';
		if (issue.message.startsWith('must')) return issue.message;
		return `must be ${issue.expected === 'object' ? 'an object' : issue.expected}, not ${issue.received}`;
	}
	if (issue.code === z.ZodIssueCode.unrecognized_keys) {
		return `has an unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
	}
	return issue.message;
}

/**
 * A condition from the editor's fixedCollection row, whose value is always text: a list operator's
 * text is split on commas, semicolons and line breaks; an empty value is no value. The result is
 * checked by parseRuleSet like pasted JSON.
 */
export function conditionFromEditorRow(row: { field?: string; operator?: string; value?: unknown; ignoreCase?: boolean }): Record<string, unknown> {
	const condition: Record<string, unknown> = { operator: row.operator };
	if (row.field !== undefined && row.field !== '') condition.field = row.field;
	const text = typeof row.value === 'string' ? row.value.trim() : row.value;
	if (text !== undefined && text !== '' && text !== null) {
		const listed = row.operator === 'inList' || row.operator === 'hasTopic' || row.operator === 'sentimentIs';
		condition.value = listed && typeof text === 'string' ? parseKeywordList(text) : text;
	}
	if (row.operator === 'matchesRegex' && row.ignoreCase !== undefined) condition.ignoreCase = row.ignoreCase;
	return condition;
}

// ---------------------------------------------------------------------------------------------
// Compiling

/**
 * What one item's fields read as, cached while the rules of one evaluation run. One per compiled
 * rule set, reused from item to item (evaluation is synchronous): a generation number says which
 * entries belong to the current item, so nothing is allocated per item.
 */
class ItemFields {
	private item: unknown;
	private generation = 0;
	private readonly values: unknown[];
	private readonly folds: string[];
	private readonly valueStamps: Uint32Array;
	private readonly foldStamps: Uint32Array;

	/** Whether a path has a key objects or lists inherit ("constructor", "map"), so reads must check own keys. */
	private readonly checksOwn: boolean[];

	constructor(private readonly paths: readonly string[][]) {
		this.values = new Array(paths.length).fill(undefined);
		this.folds = new Array(paths.length).fill('');
		this.valueStamps = new Uint32Array(paths.length);
		this.foldStamps = new Uint32Array(paths.length);
		this.checksOwn = paths.map((path) => path.some((key) => INHERITED_NAMES.has(key)));
	}

	reset(item: unknown): this {
		this.item = item;
		this.generation = this.generation === 0xffffffff ? 1 : this.generation + 1;
		if (this.generation === 1) {
			this.valueStamps.fill(0);
			this.foldStamps.fill(0);
		}
		return this;
	}

	value(slot: number): unknown {
		if (this.valueStamps[slot] === this.generation) return this.values[slot];
		const value = this.checksOwn[slot] ? readPath(this.item, this.paths[slot].join('.')) : readPlainPath(this.item, this.paths[slot]);
		this.valueStamps[slot] = this.generation;
		this.values[slot] = value;
		return value;
	}

	/** The field's text folded (the text is the field's value), once per item. */
	folded(slot: number, text: string): string {
		if (this.foldStamps[slot] === this.generation) return this.folds[slot];
		this.foldStamps[slot] = this.generation;
		return (this.folds[slot] = foldValue(text));
	}
}

/** Names objects and lists inherit; any other key that reads a value is the object's own. */
const INHERITED_NAMES: ReadonlySet<string> = new Set(
	[Object.prototype, Array.prototype].flatMap((prototype) => Object.getOwnPropertyNames(prototype)).concat('__proto__'),
);

/**
 * readPath's walk for paths whose keys no object inherits: any value found is an own key's, so the
 * hot path skips hasOwnProperty (readPath, which checks, reads the other paths).
 */
function readPlainPath(item: unknown, keys: readonly string[]): unknown {
	let current = item;
	for (const key of keys) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** Short values (ids, categories, stores, topic labels) repeat from item to item: their folds are memoised. */
const foldedValues = new Map<string, string>();
function foldValue(text: string): string {
	if (text.length > 80) return foldText(text);
	let folded = foldedValues.get(text);
	if (folded === undefined) {
		folded = foldText(text);
		if (foldedValues.size < 10_000) foldedValues.set(text, folded);
	}
	return folded;
}

type Test = (actual: unknown, fields: ItemFields, slot: number) => boolean;

interface CompiledCondition {
	slot: number;
	field: string;
	/** "feedback.touchpoint equals "delivery"" */
	wording: string;
	test: Test;
	/** Why the field's value does not fit the operator at all ("not a number"), or undefined. */
	mismatch?: (actual: unknown) => string | undefined;
	/** How the actual value is shown in reasons. */
	show?: (actual: unknown) => string;
	/** A missing field means something to this operator (no sentiment is "unknown"). */
	readsMissing?: boolean;
}

interface CompiledGroup {
	combine: CombineMode;
	entries: Array<CompiledCondition | CompiledGroup>;
	holds: (fields: ItemFields) => boolean;
}

type Compiled = CompiledCondition | CompiledGroup;
const isGroup = (entry: Compiled): entry is CompiledGroup => 'entries' in entry;
/** Whether one entry holds for the current item. */
const entryHolds = (entry: Compiled, fields: ItemFields): boolean =>
	isGroup(entry) ? entry.holds(fields) : entry.test(fields.value(entry.slot), fields, entry.slot);

interface CompiledRule<R extends Rule> {
	rule: R;
	position: number;
	when: CompiledGroup;
}

export interface CompiledRuleSet<R extends Rule = Rule> {
	readonly match: MatchMode;
	readonly rules: readonly R[];
	/** @internal */
	readonly compiled: ReadonlyArray<CompiledRule<R>>;
	/** @internal the field cache conditions read their fields through, by slot */
	readonly fields: ItemFields;
}

export interface RuleMatch<R extends Rule = Rule> {
	rule: R;
	/** 1-based, as the editor lists rules. */
	position: number;
	/** One per condition that made the rule match, with the actual value. */
	reasons: string[];
}

export interface RuleEvaluation<R extends Rule = Rule> {
	/** 'first': the first matching rule, or none; 'all': every matching rule, in rule order. */
	matches: Array<RuleMatch<R>>;
	/** Why nothing matched (null when something did), for the No Alert output. */
	noMatchReason: string | null;
}

/**
 * Validates a rule set (JSON text, object or bare list, as parseRuleSet reads it) and compiles it
 * once into evaluators. Throws the FeedbackError of parseRuleSet.
 */
export function compileRules<R extends Rule = Rule>(ruleSet: unknown, options: ParseRuleSetOptions<R> = {}): CompiledRuleSet<R> {
	const validated = parseRuleSet<R>(ruleSet, options);
	const slots = new Map<string, number>();
	const paths: string[][] = [];
	const slotOf = (field: string) => {
		const segments = splitPath(field);
		const key = segments.join('.');
		let slot = slots.get(key);
		if (slot === undefined) {
			slot = paths.length;
			slots.set(key, slot);
			paths.push(segments);
		}
		return slot;
	};
	const compileGroup = (group: ConditionGroup): CompiledGroup => {
		const entries = group.conditions.map((entry) =>
			'conditions' in entry ? compileGroup(entry) : compileCondition(entry, slotOf(entry.field)),
		);
		return { combine: group.combine, entries, holds: groupTest(group.combine, entries) };
	};
	const compiled = validated.rules.map((rule, index) => ({ rule, position: index + 1, when: compileGroup(rule.when) }));
	return { match: validated.match, rules: validated.rules, compiled, fields: new ItemFields(paths) };
}

/** A group's test as one closure over its entries' own, so evaluation is plain calls. */
function groupTest(combine: CombineMode, entries: Compiled[]): (fields: ItemFields) => boolean {
	const tests = entries.map((entry): ((fields: ItemFields) => boolean) => {
		if (isGroup(entry)) return entry.holds;
		const { slot, test } = entry;
		return (fields) => test(fields.value(slot), fields, slot);
	});
	if (tests.length === 1) return tests[0];
	if (tests.length === 2) {
		const [a, b] = tests;
		return combine === 'any' ? (fields) => a(fields) || b(fields) : (fields) => a(fields) && b(fields);
	}
	if (combine === 'any') {
		return (fields) => {
			for (const test of tests) if (test(fields)) return true;
			return false;
		};
	}
	return (fields) => {
		for (const test of tests) if (!test(fields)) return false;
		return true;
	};
}

interface Expected {
	/** The value as written, when text: the same text needs no folding. */
	raw?: string;
	text?: string;
	number?: number;
	boolean?: boolean;
	shown: string;
}

function expectedOf(value: string | number | boolean): Expected {
	if (typeof value === 'number') return { number: value, text: String(value), shown: String(value) };
	if (typeof value === 'boolean') return { boolean: value, text: String(value), shown: String(value) };
	const folded = foldText(value);
	const number = NUMERIC_TEXT.test(value) ? Number(value) : undefined;
	const boolean = folded === 'true' ? true : folded === 'false' ? false : undefined;
	return { raw: value, text: folded, number, boolean, shown: JSON.stringify(value) };
}

/** Whether one scalar (not a list) equals the expected value. */
function sameValue(actual: unknown, expected: Expected, fields?: ItemFields, slot?: number): boolean {
	switch (typeof actual) {
		case 'string':
			if (actual === expected.raw) return true;
			if (expected.text !== undefined && (fields ? fields.folded(slot as number, actual) : foldValue(actual)) === expected.text) return true;
			return expected.number !== undefined && NUMERIC_TEXT.test(actual) && Number(actual) === expected.number;
		case 'number':
			return actual === expected.number;
		case 'boolean':
			return actual === expected.boolean;
		default:
			return false;
	}
}

const anyElement = (actual: unknown, test: (element: unknown) => boolean): boolean =>
	Array.isArray(actual) ? actual.some(test) : test(actual);

function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}

function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
	return undefined;
}

function timeOf(value: unknown): number | undefined {
	if (typeof value !== 'string' || !ISO_DATE.test(value.trim())) return undefined;
	const time = Date.parse(value.trim());
	return Number.isFinite(time) ? time : undefined;
}

const COMPARISONS = {
	lt: { symbol: '<', holds: (a: number, b: number) => a < b },
	lte: { symbol: '<=', holds: (a: number, b: number) => a <= b },
	gt: { symbol: '>', holds: (a: number, b: number) => a > b },
	gte: { symbol: '>=', holds: (a: number, b: number) => a >= b },
} as const;

const PRIORITY_LEVELS: ReadonlyMap<string, number> = new Map(PRIORITIES.map((priority, level) => [priority, level]));

function priorityLevel(value: unknown): number {
	if (typeof value !== 'string') return -1;
	return PRIORITY_LEVELS.get(value) ?? PRIORITY_LEVELS.get(value.trim().toUpperCase()) ?? -1;
}

const kindOfValue = (actual: unknown): string =>
	Array.isArray(actual) ? 'a list' : actual !== null && typeof actual === 'object' ? 'an object' : typeof actual === 'boolean' ? 'true/false' : 'text';

type TopicEntry = { topic?: unknown; label?: unknown };
const isTopicEntry = (entry: unknown): entry is TopicEntry => typeof entry === 'object' && entry !== null;

function sentimentLabelOf(actual: unknown): SentimentLabel | undefined {
	const label = typeof actual === 'object' && actual !== null ? (actual as { label?: unknown }).label : actual;
	return typeof label === 'string' && SENTIMENT_LABELS.includes(label as SentimentLabel) ? (label as SentimentLabel) : undefined;
}

function compileCondition(condition: Condition, slot: number): CompiledCondition {
	const { field, operator, value } = condition;
	const base = { slot, field };
	switch (operator) {
		case 'equals':
		case 'notEquals': {
			const expected = expectedOf(value as string | number | boolean);
			const equals: Test = (actual, fields, at) =>
				Array.isArray(actual) ? actual.some((element) => sameValue(element, expected)) : sameValue(actual, expected, fields, at);
			return {
				...base,
				wording: `${field} ${operator === 'equals' ? 'equals' : 'does not equal'} ${expected.shown}`,
				// A missing field is not met by notEquals either: nothing is known about it (isEmpty tests for that).
				test: operator === 'equals' ? equals : (actual, fields, at) => actual !== undefined && actual !== null && !equals(actual, fields, at),
				mismatch: (actual) => (actual !== null && typeof actual === 'object' && !Array.isArray(actual) ? 'not a value' : undefined),
			};
		}
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte': {
			const { symbol, holds } = COMPARISONS[operator];
			const limit = numberOf(value);
			const byTime = limit === undefined;
			const bound = byTime ? (timeOf(value) as number) : limit;
			const read = byTime ? timeOf : numberOf;
			return {
				...base,
				wording: `${field} ${symbol} ${typeof value === 'string' && byTime ? JSON.stringify(value.trim()) : bound}`,
				test: (actual) => {
					const number = read(actual);
					return number !== undefined && holds(number, bound);
				},
				mismatch: (actual) => (read(actual) === undefined ? (byTime ? 'not an ISO date' : 'not a number') : undefined),
			};
		}
		case 'contains': {
			const needle = foldText(String(value));
			const test: Test = (actual, fields, at) =>
				typeof actual === 'string'
					? fields.folded(at, actual).includes(needle)
					: anyElement(actual, (element) => isScalar(element) && foldValue(String(element)).includes(needle));
			return {
				...base,
				wording: `${field} contains ${JSON.stringify(String(value))}`,
				test,
				mismatch: (actual) => (actual !== null && typeof actual === 'object' && !Array.isArray(actual) ? 'not text' : undefined),
			};
		}
		case 'inList': {
			const entries = (value as Array<string | number | boolean>).map(expectedOf);
			const texts = new Set(entries.map((entry) => entry.text));
			const numbers = new Set(entries.flatMap((entry) => (entry.number === undefined ? [] : [entry.number])));
			const booleans = new Set(entries.flatMap((entry) => (entry.boolean === undefined ? [] : [entry.boolean])));
			const inList = (element: unknown, fields?: ItemFields, at?: number): boolean => {
				if (typeof element === 'string') {
					if (texts.has(fields ? fields.folded(at as number, element) : foldValue(element))) return true;
					return NUMERIC_TEXT.test(element) && numbers.has(Number(element));
				}
				if (typeof element === 'number') return numbers.has(element);
				return typeof element === 'boolean' && booleans.has(element);
			};
			return {
				...base,
				wording: `${field} is one of ${entries.map((entry) => entry.shown).join(', ')}`,
				test: (actual, fields, at) => (Array.isArray(actual) ? actual.some((element) => inList(element)) : inList(actual, fields, at)),
				mismatch: (actual) => (actual !== null && typeof actual === 'object' && !Array.isArray(actual) ? 'not a value' : undefined),
			};
		}
		case 'isEmpty':
			return { ...base, wording: `${field} is empty`, test: isEmptyValue };
		case 'isNotEmpty':
			return { ...base, wording: `${field} is not empty`, test: (actual) => !isEmptyValue(actual) };
		case 'matchesRegex': {
			const pattern = compileRegex(value as string, condition.ignoreCase === true);
			const matches = (element: unknown) => {
				if (!isScalar(element)) return false;
				const text = String(element);
				return pattern.test(text.length > REGEX_MAX_INPUT_LENGTH ? text.slice(0, REGEX_MAX_INPUT_LENGTH) : text);
			};
			return {
				...base,
				wording: `${field} matches /${pattern.source}/${condition.ignoreCase ? 'i' : ''}`,
				test: (actual) => anyElement(actual, matches),
				mismatch: (actual) => (actual !== null && typeof actual === 'object' && !Array.isArray(actual) ? 'not text' : undefined),
			};
		}
		case 'hasTopic': {
			const wanted = (textList(value) as string[]).map((topic) => foldText(topic));
			const hasTopic = (entry: TopicEntry) =>
				(typeof entry.topic === 'string' && wanted.includes(foldValue(entry.topic))) ||
				(typeof entry.label === 'string' && wanted.includes(foldValue(entry.label)));
			return {
				...base,
				wording: `${field} has topic ${(textList(value) as string[]).map((topic) => JSON.stringify(topic)).join(' or ')}`,
				test: (actual) => {
					if (!Array.isArray(actual)) return false;
					for (const entry of actual) if (isTopicEntry(entry) && hasTopic(entry)) return true;
					return false;
				},
				mismatch: (actual) => (Array.isArray(actual) ? undefined : 'not a list of topics'),
				show: (actual) => {
					const topics = Array.isArray(actual) ? actual.filter(isTopicEntry) : [];
					return topics.length ? `its topics are ${topics.map((entry) => JSON.stringify(entry.topic)).join(', ')}` : 'it has no topics';
				},
			};
		}
		case 'sentimentIs': {
			const wanted = (textList(value) as string[]).map((label) => label.trim().toLowerCase() as SentimentLabel);
			// No sentiment (no comment, not analysed) reads as "unknown", as the priority matrix does.
			const labelOf = (actual: unknown) => (actual === undefined || actual === null ? 'unknown' : sentimentLabelOf(actual));
			return {
				...base,
				wording: `${field} is ${wanted.join(' or ')}`,
				test: (actual) => {
					const label = labelOf(actual);
					return label !== undefined && wanted.includes(label);
				},
				mismatch: (actual) => (labelOf(actual) === undefined ? 'not a sentiment label' : undefined),
				readsMissing: true,
				show: (actual) => (actual === undefined || actual === null ? 'there is no sentiment, so it is unknown' : `it is ${labelOf(actual) ?? describeActual(actual)}`),
			};
		}
		case 'priorityAtLeast': {
			const level = priorityLevel(value);
			return {
				...base,
				wording: `${field} is at least ${PRIORITIES[level]}`,
				test: (actual) => {
					const actualLevel = priorityLevel(actual);
					return actualLevel !== -1 && actualLevel <= level;
				},
				mismatch: (actual) => (priorityLevel(actual) === -1 ? `not a priority (${PRIORITIES.join(', ')})` : undefined),
				show: (actual) => `it is ${typeof actual === 'string' ? actual.trim() : describeActual(actual)}`,
			};
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Evaluating

/** The rules an item matches, with reasons; never throws. */
export function evaluateRules<R extends Rule>(compiled: CompiledRuleSet<R>, item: unknown): RuleEvaluation<R> {
	const fields = compiled.fields.reset(item);
	const matches: Array<RuleMatch<R>> = [];
	for (const entry of compiled.compiled) {
		if (!entry.when.holds(fields)) continue;
		matches.push({ rule: entry.rule, position: entry.position, reasons: reasonsMet(entry.when, fields, []) });
		if (compiled.match === 'first') break;
	}
	if (matches.length) return { matches, noMatchReason: null };
	const first = compiled.compiled[0];
	const why = `rule 1 "${first.rule.name}": ${reasonNotMet(first.when, fields)}`;
	return {
		matches,
		noMatchReason: compiled.compiled.length === 1 ? `No rule matched: ${why}` : `None of the ${compiled.compiled.length} rules matched; ${why}`,
	};
}

function reasonsMet(group: CompiledGroup, fields: ItemFields, reasons: string[]): string[] {
	for (const entry of group.entries) {
		if (isGroup(entry)) {
			if (entry.holds(fields)) reasonsMet(entry, fields, reasons);
			continue;
		}
		const actual = fields.value(entry.slot);
		if (entry.test(actual, fields, entry.slot)) reasons.push(`${entry.wording} (${describeFound(entry, actual)})`);
	}
	return reasons;
}

function reasonNotMet(group: CompiledGroup, fields: ItemFields): string {
	const failing = group.entries.filter((entry) => !entryHolds(entry, fields));
	const describe = (entry: Compiled) =>
		isGroup(entry) ? reasonNotMet(entry, fields) : `${entry.wording} is not met (${describeFound(entry, fields.value(entry.slot), true)})`;
	if (group.combine === 'all') return describe(failing[0]);
	const shown = failing.slice(0, 3).map(describe).join('; ');
	return `none of its "any" conditions held: ${shown}${failing.length > 3 ? `; and ${failing.length - 3} more` : ''}`;
}

function describeFound(condition: CompiledCondition, actual: unknown, failed = false): string {
	if (!condition.readsMissing) {
		if (actual === undefined) return `the item has no ${condition.field}`;
		if (actual === null) return 'it is empty (null)';
	}
	const mismatch = failed ? condition.mismatch?.(actual) : undefined;
	if (mismatch) return `it is ${describeActual(actual)}, ${mismatch}`;
	return condition.show ? condition.show(actual) : `it is ${describeActual(actual)}`;
}

function describeActual(actual: unknown): string {
	if (Array.isArray(actual)) {
		const shown = actual.slice(0, 5).map((element) => (isScalar(element) || element === null ? describeActual(element) : kindOfValue(element)));
		return `[${shown.join(', ')}${actual.length > 5 ? `, … ${actual.length - 5} more` : ''}]`;
	}
	return describeValue(actual);
}
