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
import { splitPath } from './paths';
import { ItemFields, ValueMemo, foldValue, isTopicEntry, timeOf } from './itemFields';
import { foldText } from './textFolding';
import { TextPattern } from './textPattern';
import { parseKeywordList } from './topics';

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

const compileRegex = (pattern: string, ignoreCase: boolean): TextPattern => new TextPattern(pattern, ignoreCase);

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
//
// Evaluation is the hot path (every item through every rule), so a compiled condition is data, not
// a closure: one class for every operator, read by one function that switches on the operator. V8
// keeps such code monomorphic and inlines it, as it does a hand-written `if` chain; a tree of
// closures makes every call site see many functions. Reasons are written only for the rules that
// matched (and for rule 1 when none did), by a second walk once the yes/no walk has decided.

/** Operators as small numbers, for the evaluator's switch (a const enum: the compiled code has the numbers). */
const enum Op {
	equals,
	notEquals,
	lt,
	lte,
	gt,
	gte,
	contains,
	inList,
	isEmpty,
	isNotEmpty,
	matchesRegex,
	hasTopic,
	sentimentIs,
	priorityAtLeast,
}
const OP: Readonly<Record<RuleOperator, Op>> = {
	equals: Op.equals,
	notEquals: Op.notEquals,
	lt: Op.lt,
	lte: Op.lte,
	gt: Op.gt,
	gte: Op.gte,
	contains: Op.contains,
	inList: Op.inList,
	isEmpty: Op.isEmpty,
	isNotEmpty: Op.isNotEmpty,
	matchesRegex: Op.matchesRegex,
	hasTopic: Op.hasTopic,
	sentimentIs: Op.sentimentIs,
	priorityAtLeast: Op.priorityAtLeast,
};

/** A value a condition compares with: text folded, and the number and true/false it may stand for. */
interface Expected {
	/** The value as written, when text: the same text needs no folding. */
	raw: string | undefined;
	text: string;
	number: number | undefined;
	boolean: boolean | undefined;
	shown: string;
}

function expectedOf(value: string | number | boolean): Expected {
	if (typeof value !== 'string') return { raw: undefined, text: String(value), number: typeof value === 'number' ? value : undefined, boolean: typeof value === 'boolean' ? value : undefined, shown: String(value) };
	const folded = foldText(value);
	const number = NUMERIC_TEXT.test(value) ? Number(value) : undefined;
	const boolean = folded === 'true' ? true : folded === 'false' ? false : undefined;
	return { raw: value, text: folded, number, boolean, shown: JSON.stringify(value) };
}

const NO_EXPECTED: Expected = { raw: undefined, text: '', number: undefined, boolean: undefined, shown: '' };
const NO_TEXTS: ReadonlySet<string> = new Set();
const NO_NUMBERS: ReadonlySet<number> = new Set();
const NO_BOOLEANS: ReadonlySet<boolean> = new Set();
const NO_PATTERN = new TextPattern('(?!)', false);

/** What an operator needs beyond its field; each operator sets its own, the rest keep their defaults. */
interface ConditionParts {
	/** equals, notEquals */
	expected: Expected;
	/** inList: the folded texts */
	texts: ReadonlySet<string>;
	/** hasTopic: the folded topics; sentimentIs: the labels (a few: a list reads faster than a set) */
	words: readonly string[];
	numbers: ReadonlySet<number>;
	booleans: ReadonlySet<boolean>;
	/** contains: the folded text looked for */
	needle: string;
	/** lt, lte, gt, gte: the limit (a time when byTime); priorityAtLeast: the level */
	bound: number;
	byTime: boolean;
	pattern: TextPattern;
}

const REMEMBERED_REASONS = 256;

/** One condition compiled; one shape for every operator, so evaluation reads it monomorphically. */
class CompiledCondition implements ConditionParts {
	readonly isGroup = false;
	readonly expected: Expected;
	readonly texts: ReadonlySet<string>;
	readonly words: readonly string[];
	readonly numbers: ReadonlySet<number>;
	readonly booleans: ReadonlySet<boolean>;
	readonly needle: string;
	readonly bound: number;
	readonly byTime: boolean;
	readonly pattern: TextPattern;
	/** Reasons already written, by actual value (short text, number, true/false, null, missing), up to REMEMBERED_REASONS values. */
	readonly metReasons = new ValueMemo<string>(REMEMBERED_REASONS);
	readonly unmetReasons = new ValueMemo<string>(REMEMBERED_REASONS);
	/** Reasons on values not remembered themselves (a list, a long text), by the description of the value: the same topics read the same. */
	readonly metByFound = new ValueMemo<string>(REMEMBERED_REASONS);
	readonly unmetByFound = new ValueMemo<string>(REMEMBERED_REASONS);

	constructor(
		readonly code: Op,
		readonly slot: number,
		readonly field: string,
		/** "feedback.touchpoint equals "delivery"" */
		readonly wording: string,
		parts: Partial<ConditionParts> = {},
	) {
		this.expected = parts.expected ?? NO_EXPECTED;
		this.texts = parts.texts ?? NO_TEXTS;
		this.words = parts.words ?? [];
		this.numbers = parts.numbers ?? NO_NUMBERS;
		this.booleans = parts.booleans ?? NO_BOOLEANS;
		this.needle = parts.needle ?? '';
		this.bound = parts.bound ?? 0;
		this.byTime = parts.byTime ?? false;
		this.pattern = parts.pattern ?? NO_PATTERN;
	}
}

class CompiledGroup {
	readonly isGroup = true;
	constructor(
		readonly any: boolean,
		readonly entries: ReadonlyArray<CompiledCondition | CompiledGroup>,
	) {}
}

type Compiled = CompiledCondition | CompiledGroup;

interface CompiledRule<R extends Rule> {
	rule: R;
	position: number;
	when: CompiledGroup;
	/** `when` without the conditions its guards already decided, for an item the guards read as text or nothing. */
	unguarded: CompiledGroup;
}

/**
 * A text field that "all" rules test with equals or inList at their top (classification.category,
 * feedback.touchpoint): read and folded once per item, it rules out at once every rule whose test
 * on it cannot hold, before anything else of those rules is read. Rules are bits in 32-bit words.
 */
class FieldGuard {
	/** The texts met so far as the field's value, with their rules: the field's values repeat from item to item. */
	private readonly byText = new ValueMemo<Int32Array>(10_000);

	constructor(
		readonly slot: number,
		/** By folded value: the rules that may still hold (their guards on this field accept the value, or they have none). */
		private readonly byValue: ReadonlyMap<string, Int32Array>,
		/** Another text, a missing field, a number…: the rules with no guard on this field. */
		readonly otherwise: Int32Array,
	) {}

	/** The rules that may still hold when the field is this text. */
	rulesFor(text: string): Int32Array {
		let rules = this.byText.get(text);
		if (rules === undefined) {
			rules = this.byValue.get(foldValue(text)) ?? this.otherwise;
			if (text.length <= 80) this.byText.set(text, rules);
		}
		return rules;
	}
}

export interface CompiledRuleSet<R extends Rule = Rule> {
	readonly match: MatchMode;
	readonly rules: readonly R[];
	/** @internal */
	readonly compiled: ReadonlyArray<CompiledRule<R>>;
	/** @internal the field cache conditions read their fields through, by slot */
	readonly fields: ItemFields;
	/** @internal "None of the 3 rules matched; rule 1 "Late delivery": ", before why rule 1 did not */
	readonly noMatchPrefix: string;
	/** @internal the no-match reasons written, by why rule 1 did not match */
	readonly noMatchReasons: ValueMemo<string>;
	/** @internal */
	readonly guards: readonly FieldGuard[];
	/** @internal the rules the guards leave for the current item, refilled from item to item */
	readonly candidates: Int32Array;
	/** @internal every rule's bit */
	readonly everyRule: Int32Array;
	/** @internal the indexes of the rules the current item matches, refilled from item to item */
	readonly matched: Int32Array;
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
	const fields = new ItemFields();
	const slotOf = (field: string) => fields.slotOf(splitPath(field));
	const compileGroup = (group: ConditionGroup): CompiledGroup =>
		new CompiledGroup(
			group.combine === 'any',
			group.conditions.map((entry) => ('conditions' in entry ? compileGroup(entry) : compileCondition(entry, slotOf(entry.field)))),
		);
	const groups = validated.rules.map((rule) => compileGroup(rule.when));
	const guards = guardsOf(groups);
	const guarded = new Set(guards.map((guard) => guard.slot));
	const compiled = validated.rules.map((rule, index) => ({
		rule,
		position: index + 1,
		when: groups[index],
		unguarded: new CompiledGroup(groups[index].any, groups[index].entries.filter((entry) => !(guardValues(entry, groups[index]) && guarded.has((entry as CompiledCondition).slot)))),
	}));
	const first = `rule 1 "${validated.rules[0].name}": `;
	const noMatchPrefix = compiled.length === 1 ? `No rule matched: ${first}` : `None of the ${compiled.length} rules matched; ${first}`;
	return {
		match: validated.match,
		rules: validated.rules,
		compiled,
		fields,
		noMatchPrefix,
		noMatchReasons: new ValueMemo<string>(REMEMBERED_REASONS),
		guards,
		candidates: new Int32Array(maskWords(compiled.length)),
		everyRule: maskOfRules(compiled.length, () => true),
		matched: new Int32Array(compiled.length),
	};
}

const maskWords = (rules: number): number => (rules + 31) >>> 5;

/** The bits of the rules (0-based) that `lets` lets through. */
function maskOfRules(rules: number, lets: (rule: number) => boolean): Int32Array {
	const mask = new Int32Array(maskWords(rules));
	for (let rule = 0; rule < rules; rule++) if (lets(rule)) mask[rule >>> 5] |= 1 << (rule & 31);
	return mask;
}

/** The folded texts a top condition of an "all" group lets through, when it is a guard: equals or inList on text only. */
function guardValues(entry: Compiled, group: CompiledGroup): readonly string[] | undefined {
	if (group.any || entry.isGroup) return undefined;
	if (entry.code === Op.equals) {
		const { raw, number, boolean, text } = entry.expected;
		return raw !== undefined && number === undefined && boolean === undefined ? [text] : undefined;
	}
	return entry.code === Op.inList && entry.numbers.size === 0 && entry.booleans.size === 0 ? [...entry.texts] : undefined;
}

/** The guards of a rule set: the fields at least two rules guard on (one rule's guard is no faster than its condition). */
function guardsOf(groups: readonly CompiledGroup[]): FieldGuard[] {
	// By slot, by rule: what each of the rule's guards on that field lets through.
	const bySlot = new Map<number, Map<number, Array<readonly string[]>>>();
	groups.forEach((group, rule) => {
		for (const entry of group.entries) {
			const values = guardValues(entry, group);
			if (!values) continue;
			const rules = bySlot.get((entry as CompiledCondition).slot) ?? new Map<number, Array<readonly string[]>>();
			bySlot.set((entry as CompiledCondition).slot, rules);
			rules.set(rule, [...(rules.get(rule) ?? []), values]);
		}
	});
	const guards: FieldGuard[] = [];
	for (const [slot, rules] of bySlot) {
		if (rules.size < 2) continue;
		const maskOf = (lets: (rule: number) => boolean): Int32Array => maskOfRules(groups.length, lets);
		const byValue = new Map<string, Int32Array>();
		for (const value of new Set([...rules.values()].flat(2))) {
			byValue.set(value, maskOf((rule) => rules.get(rule)?.every((values) => values.includes(value)) ?? true));
		}
		guards.push(new FieldGuard(slot, byValue, maskOf((rule) => !rules.has(rule))));
	}
	return guards;
}

const COMPARISON_SYMBOLS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function compileCondition(condition: Condition, slot: number): CompiledCondition {
	const { field, operator, value } = condition;
	const code = OP[operator];
	switch (operator) {
		case 'equals':
		case 'notEquals': {
			const expected = expectedOf(value as string | number | boolean);
			return new CompiledCondition(code, slot, field, `${field} ${operator === 'equals' ? 'equals' : 'does not equal'} ${expected.shown}`, { expected });
		}
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte': {
			const limit = numberOf(value);
			const byTime = limit === undefined;
			const bound = byTime ? (timeOf(value) as number) : limit;
			const shown = typeof value === 'string' && byTime ? JSON.stringify(value.trim()) : bound;
			return new CompiledCondition(code, slot, field, `${field} ${COMPARISON_SYMBOLS[operator]} ${shown}`, { bound, byTime });
		}
		case 'contains':
			return new CompiledCondition(code, slot, field, `${field} contains ${JSON.stringify(String(value))}`, { needle: foldText(String(value)) });
		case 'inList': {
			const entries = (value as Array<string | number | boolean>).map(expectedOf);
			return new CompiledCondition(code, slot, field, `${field} is one of ${entries.map((entry) => entry.shown).join(', ')}`, {
				texts: new Set(entries.map((entry) => entry.text)),
				numbers: new Set(entries.flatMap((entry) => (entry.number === undefined ? [] : [entry.number]))),
				booleans: new Set(entries.flatMap((entry) => (entry.boolean === undefined ? [] : [entry.boolean]))),
			});
		}
		case 'isEmpty':
			return new CompiledCondition(code, slot, field, `${field} is empty`);
		case 'isNotEmpty':
			return new CompiledCondition(code, slot, field, `${field} is not empty`);
		case 'matchesRegex': {
			const pattern = compileRegex(value as string, condition.ignoreCase === true);
			return new CompiledCondition(code, slot, field, `${field} matches /${pattern.source}/${condition.ignoreCase ? 'i' : ''}`, { pattern });
		}
		case 'hasTopic': {
			const topics = textList(value) as string[];
			return new CompiledCondition(code, slot, field, `${field} has topic ${topics.map((topic) => JSON.stringify(topic)).join(' or ')}`, {
				words: [...new Set(topics.map((topic) => foldText(topic)))],
			});
		}
		case 'sentimentIs': {
			const labels = (textList(value) as string[]).map((label) => label.trim().toLowerCase());
			return new CompiledCondition(code, slot, field, `${field} is ${labels.join(' or ')}`, { words: labels });
		}
		case 'priorityAtLeast': {
			const level = priorityLevel(value);
			return new CompiledCondition(code, slot, field, `${field} is at least ${PRIORITIES[level]}`, { bound: level });
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Evaluating: yes or no

/**
 * Whether one condition holds for the current item. Never throws. Each operator's work is a small
 * function of its own, so this switch stays small enough for V8 to inline into the rule loop.
 */
function conditionHolds(condition: CompiledCondition, fields: ItemFields): boolean {
	const slot = condition.slot;
	const actual = fields.value(slot);
	switch (condition.code) {
		case Op.equals:
			return equalsActual(condition.expected, actual, fields, slot);
		case Op.notEquals:
			// A missing field is not met by notEquals either: nothing is known about it (isEmpty tests for that).
			return actual !== undefined && actual !== null && !equalsActual(condition.expected, actual, fields, slot);
		case Op.lt:
		case Op.lte:
		case Op.gt:
		case Op.gte:
			return comparisonHolds(condition, actual, fields, slot);
		case Op.contains:
			return containsHolds(condition.needle, actual, fields, slot);
		case Op.inList:
			return inListHolds(condition, actual, fields, slot);
		case Op.isEmpty:
			return isEmptyValue(actual);
		case Op.isNotEmpty:
			return !isEmptyValue(actual);
		case Op.matchesRegex:
			return matchesHolds(condition.pattern, actual);
		case Op.hasTopic:
			return hasTopicHolds(condition.words, actual, fields, slot);
		case Op.sentimentIs:
			return sentimentHolds(condition.words, actual);
		case Op.priorityAtLeast:
			return priorityHolds(condition.bound, actual);
	}
	return false;
}

function sentimentHolds(wanted: readonly string[], actual: unknown): boolean {
	const label = sentimentOf(actual);
	return label !== undefined && listHas(wanted, label);
}

function priorityHolds(lowest: number, actual: unknown): boolean {
	const level = priorityLevel(actual);
	return level !== -1 && level <= lowest;
}

function groupHolds(group: CompiledGroup, fields: ItemFields): boolean {
	const entries = group.entries;
	for (let at = 0; at < entries.length; at++) {
		const entry = entries[at];
		const holds = entry.isGroup ? groupHolds(entry, fields) : conditionHolds(entry, fields);
		if (holds === group.any) return holds;
	}
	return !group.any;
}

const entryHolds = (entry: Compiled, fields: ItemFields): boolean => (entry.isGroup ? groupHolds(entry, fields) : conditionHolds(entry, fields));

function comparisonHolds(condition: CompiledCondition, actual: unknown, fields: ItemFields, slot: number): boolean {
	const number = condition.byTime ? fields.time(slot, actual) : numberOf(actual);
	if (number === undefined) return false;
	const bound = condition.bound;
	switch (condition.code) {
		case Op.lt:
			return number < bound;
		case Op.lte:
			return number <= bound;
		case Op.gt:
			return number > bound;
	}
	return number >= bound;
}

function containsHolds(needle: string, actual: unknown, fields: ItemFields, slot: number): boolean {
	if (typeof actual === 'string') return fields.folded(slot, actual).includes(needle);
	if (!Array.isArray(actual)) return isScalar(actual) && foldValue(String(actual)).includes(needle);
	for (let at = 0; at < actual.length; at++) {
		const element: unknown = actual[at];
		if (isScalar(element) && foldValue(String(element)).includes(needle)) return true;
	}
	return false;
}

function inListHolds(condition: CompiledCondition, actual: unknown, fields: ItemFields, slot: number): boolean {
	if (typeof actual === 'string') return inListText(condition, fields.folded(slot, actual), actual);
	if (!Array.isArray(actual)) return inListScalar(condition, actual);
	for (let at = 0; at < actual.length; at++) if (inListScalar(condition, actual[at])) return true;
	return false;
}

function matchesHolds(pattern: TextPattern, actual: unknown): boolean {
	if (!Array.isArray(actual)) return matchesPattern(pattern, actual);
	for (let at = 0; at < actual.length; at++) if (matchesPattern(pattern, actual[at])) return true;
	return false;
}

function hasTopicHolds(wanted: readonly string[], actual: unknown, fields: ItemFields, slot: number): boolean {
	if (!Array.isArray(actual)) return false;
	const count = fields.topicFolds(slot, actual);
	const folds = fields.topicList(slot);
	for (let at = 0; at < count; at++) if (listHas(wanted, folds[at])) return true;
	return false;
}

/** equals on the field's value: a list meets it when one of its elements does. */
function equalsActual(expected: Expected, actual: unknown, fields: ItemFields, slot: number): boolean {
	if (typeof actual === 'string') return actual === expected.raw || fields.folded(slot, actual) === expected.text || sameNumericText(actual, expected);
	if (!Array.isArray(actual)) return sameScalar(actual, expected);
	for (let at = 0; at < actual.length; at++) {
		const element: unknown = actual[at];
		if (typeof element === 'string' ? element === expected.raw || foldValue(element) === expected.text || sameNumericText(element, expected) : sameScalar(element, expected)) {
			return true;
		}
	}
	return false;
}

const sameNumericText = (actual: string, expected: Expected): boolean =>
	expected.number !== undefined && NUMERIC_TEXT.test(actual) && Number(actual) === expected.number;

/** Whether a value that is no text equals the expected value. */
const sameScalar = (actual: unknown, expected: Expected): boolean =>
	typeof actual === 'number' ? actual === expected.number : typeof actual === 'boolean' && actual === expected.boolean;

function inListText(condition: CompiledCondition, folded: string, text: string): boolean {
	return condition.texts.has(folded) || (condition.numbers.size > 0 && NUMERIC_TEXT.test(text) && condition.numbers.has(Number(text)));
}

function inListScalar(condition: CompiledCondition, element: unknown): boolean {
	if (typeof element === 'string') return inListText(condition, foldValue(element), element);
	if (typeof element === 'number') return condition.numbers.has(element);
	return typeof element === 'boolean' && condition.booleans.has(element);
}

function matchesPattern(pattern: TextPattern, element: unknown): boolean {
	if (!isScalar(element)) return false;
	const text = String(element);
	return pattern.test(text.length > REGEX_MAX_INPUT_LENGTH ? text.slice(0, REGEX_MAX_INPUT_LENGTH) : text);
}

function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') {
		for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
		return true;
	}
	return false;
}

function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && (isDigits(value) || NUMERIC_TEXT.test(value))) return Number(value);
	return undefined;
}

/** Whole numbers as text ("12", as hidden fields carry them) are numeric text without running NUMERIC_TEXT. */
function isDigits(text: string): boolean {
	if (text === '') return false;
	for (let at = 0; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code < 48 || code > 57) return false;
	}
	return true;
}

/** A priority's place in PRIORITIES (0 is P1, the most urgent), or -1. */
function priorityLevel(value: unknown): number {
	if (typeof value !== 'string') return -1;
	const level = listIndex(PRIORITIES, value);
	return level === -1 ? listIndex(PRIORITIES, value.trim().toUpperCase()) : level;
}

/**
 * indexOf and includes of a short list of texts, as a loop: V8 compiles it into the condition that
 * asks, where the built-ins are calls (the evaluation's conditions ask these many times per item).
 */
function listIndex(list: readonly string[], text: string): number {
	for (let at = 0; at < list.length; at++) if (list[at] === text) return at;
	return -1;
}
const listHas = (list: readonly string[], text: string): boolean => listIndex(list, text) !== -1;

function sentimentLabelOf(actual: unknown): SentimentLabel | undefined {
	const label = typeof actual === 'object' && actual !== null ? (actual as { label?: unknown }).label : actual;
	return typeof label === 'string' && listHas(SENTIMENT_LABELS, label) ? (label as SentimentLabel) : undefined;
}

/** No sentiment (no comment, not analysed) reads as "unknown", as the priority matrix does. */
const sentimentOf = (actual: unknown): SentimentLabel | undefined => (actual === undefined || actual === null ? 'unknown' : sentimentLabelOf(actual));

// ---------------------------------------------------------------------------------------------
// Evaluating: the result, with reasons

/** The rules an item matches, with reasons; never throws. */
export function evaluateRules<R extends Rule>(compiled: CompiledRuleSet<R>, item: unknown): RuleEvaluation<R> {
	const count = decideItem(compiled, item);
	const fields = compiled.fields;
	const rules = compiled.compiled;
	if (count === 1) {
		const entry = rules[compiled.matched[0]];
		return { matches: [{ rule: entry.rule, position: entry.position, reasons: reasonsMet(entry.when, fields, []) }], noMatchReason: null };
	}
	if (count > 1) {
		const matches: Array<RuleMatch<R>> = [];
		for (let at = 0; at < count; at++) {
			const entry = rules[compiled.matched[at]];
			matches.push({ rule: entry.rule, position: entry.position, reasons: reasonsMet(entry.when, fields, []) });
		}
		return { matches, noMatchReason: null };
	}
	const firstNotMet = reasonNotMet(rules[0].when, fields);
	let noMatchReason = compiled.noMatchReasons.get(firstNotMet);
	if (noMatchReason === undefined) compiled.noMatchReasons.set(firstNotMet, (noMatchReason = compiled.noMatchPrefix + firstNotMet));
	return { matches: [], noMatchReason };
}

/**
 * The positions (1-based) of the rules an item matches, as evaluateRules finds them, without
 * their reasons: for counting matches, as simulate mode does.
 */
export function matchingRules<R extends Rule>(compiled: CompiledRuleSet<R>, item: unknown): number[] {
	const count = decideItem(compiled, item);
	const positions: number[] = [];
	for (let at = 0; at < count; at++) positions.push(compiled.matched[at] + 1);
	return positions;
}

/**
 * Reads the item into the rule set's fields and leaves in `compiled.matched` the indexes of the
 * rules it matches, in rule order ('first': the first one only); returns how many.
 */
function decideItem<R extends Rule>(compiled: CompiledRuleSet<R>, item: unknown): number {
	const fields = compiled.fields.reset(item);
	const rules = compiled.compiled;
	const candidates = compiled.candidates;
	const decided = guardRules(compiled.guards, fields, candidates, compiled.everyRule);
	const matched = compiled.matched;
	const firstOnly = compiled.match === 'first';
	let count = 0;
	// The candidates' bits, lowest first: the rules the guards ruled out cost nothing.
	for (let word = 0; word < candidates.length; word++) {
		for (let bits = candidates[word]; bits !== 0; bits &= bits - 1) {
			const at = (word << 5) + 31 - Math.clz32(bits & -bits);
			const entry = rules[at];
			if (!groupHolds(decided ? entry.unguarded : entry.when, fields)) continue;
			matched[count++] = at;
			if (firstOnly) return count;
		}
	}
	return count;
}

/**
 * Leaves in `candidates` the rules the guards do not rule out for the current item. True when every
 * guard field was text or no value, so that the guards decided their conditions; false when one was
 * a list (a list meets equals when one of its elements does: its rules' guards are evaluated).
 */
function guardRules(guards: readonly FieldGuard[], fields: ItemFields, candidates: Int32Array, everyRule: Int32Array): boolean {
	for (let word = 0; word < candidates.length; word++) candidates[word] = everyRule[word];
	let decided = true;
	for (let at = 0; at < guards.length; at++) {
		const guard = guards[at];
		const actual = fields.value(guard.slot);
		let mask: Int32Array;
		if (typeof actual === 'string') mask = guard.rulesFor(actual);
		else if (Array.isArray(actual)) {
			decided = false;
			continue;
		} else mask = guard.otherwise;
		for (let word = 0; word < mask.length; word++) candidates[word] &= mask[word];
	}
	return decided;
}

/** The reasons of a group that holds: in an "all" group every entry held, in an "any" group the ones that do. */
function reasonsMet(group: CompiledGroup, fields: ItemFields, reasons: string[]): string[] {
	const entries = group.entries;
	for (let at = 0; at < entries.length; at++) {
		const entry = entries[at];
		if (entry.isGroup) {
			if (!group.any || groupHolds(entry, fields)) reasonsMet(entry, fields, reasons);
		} else if (!group.any || conditionHolds(entry, fields)) {
			reasons.push(reasonOf(entry, fields.value(entry.slot), false));
		}
	}
	return reasons;
}

function reasonNotMet(group: CompiledGroup, fields: ItemFields): string {
	if (!group.any) {
		// An "all" group that does not hold: its first entry that does not.
		for (const entry of group.entries) if (!entryHolds(entry, fields)) return reasonNotMetOf(entry, fields);
	}
	const failing: Compiled[] = [];
	for (const entry of group.entries) {
		if (!entryHolds(entry, fields)) failing.push(entry);
		if (failing.length && !group.any) break;
	}
	const shown = failing
		.slice(0, 3)
		.map((entry) => reasonNotMetOf(entry, fields))
		.join('; ');
	return `none of its "any" conditions held: ${shown}${failing.length > 3 ? `; and ${failing.length - 3} more` : ''}`;
}

const reasonNotMetOf = (entry: Compiled, fields: ItemFields): string =>
	entry.isGroup ? reasonNotMet(entry, fields) : reasonOf(entry, fields.value(entry.slot), true);

/** Reasons are remembered for these values, as a field's values repeat from item to item. */
const isRememberedValue = (actual: unknown): boolean =>
	actual === undefined || actual === null || typeof actual === 'number' || typeof actual === 'boolean' || (typeof actual === 'string' && actual.length <= 80);

/** "feedback.touchpoint equals "delivery" (it is "Delivery")", or with "is not met" when it failed. */
function reasonOf(condition: CompiledCondition, actual: unknown, failed: boolean): string {
	const remembered = isRememberedValue(actual);
	if (remembered) {
		const known = (failed ? condition.unmetReasons : condition.metReasons).get(actual);
		if (known !== undefined) return known;
	}
	const found = describeFound(condition, actual, failed);
	const byFound = failed ? condition.unmetByFound : condition.metByFound;
	if (!remembered) {
		const known = byFound.get(found);
		if (known !== undefined) return known;
	}
	const reason = `${condition.wording}${failed ? ' is not met' : ''} (${found})`;
	if (remembered) (failed ? condition.unmetReasons : condition.metReasons).set(actual, reason);
	else byFound.set(found, reason);
	return reason;
}

function describeFound(condition: CompiledCondition, actual: unknown, failed: boolean): string {
	// A missing sentiment means something to sentimentIs ("unknown"); to the others it is missing.
	if (condition.code !== Op.sentimentIs) {
		if (actual === undefined) return `the item has no ${condition.field}`;
		if (actual === null) return 'it is empty (null)';
	}
	const mismatch = failed ? mismatchOf(condition, actual) : undefined;
	if (mismatch) return `it is ${describeActual(actual)}, ${mismatch}`;
	return shownOf(condition, actual);
}

const isPlainObject = (actual: unknown): boolean => actual !== null && typeof actual === 'object' && !Array.isArray(actual);

/** Why the field's value does not fit the operator at all ("not a number"), or undefined. */
function mismatchOf(condition: CompiledCondition, actual: unknown): string | undefined {
	switch (condition.code) {
		case Op.equals:
		case Op.notEquals:
		case Op.inList:
			return isPlainObject(actual) ? 'not a value' : undefined;
		case Op.lt:
		case Op.lte:
		case Op.gt:
		case Op.gte:
			if (condition.byTime) return timeOf(actual) === undefined ? 'not an ISO date' : undefined;
			return numberOf(actual) === undefined ? 'not a number' : undefined;
		case Op.contains:
		case Op.matchesRegex:
			return isPlainObject(actual) ? 'not text' : undefined;
		case Op.hasTopic:
			return Array.isArray(actual) ? undefined : 'not a list of topics';
		case Op.sentimentIs:
			return sentimentOf(actual) === undefined ? 'not a sentiment label' : undefined;
		case Op.priorityAtLeast:
			return priorityLevel(actual) === -1 ? `not a priority (${PRIORITIES.join(', ')})` : undefined;
	}
	return undefined;
}

/** How the actual value is shown in reasons. */
function shownOf(condition: CompiledCondition, actual: unknown): string {
	switch (condition.code) {
		case Op.hasTopic:
			return topicsShown(actual);
		case Op.sentimentIs:
			return actual === undefined || actual === null ? 'there is no sentiment, so it is unknown' : `it is ${sentimentLabelOf(actual) ?? describeActual(actual)}`;
		case Op.priorityAtLeast:
			return `it is ${typeof actual === 'string' ? actual.trim() : describeActual(actual)}`;
	}
	return `it is ${describeActual(actual)}`;
}

/**
 * Descriptions of lists of topics already written, in a tree by topic id: items often have the
 * same topics, and walking the tree costs a fraction of writing the description.
 */
class ShownTopics {
	shown: string | undefined;
	readonly next = new ValueMemo<ShownTopics>(64);
}
const shownTopics = new ShownTopics();
const SHOWN_TOPIC_LISTS = 2_000;
let shownTopicLists = 0;

/** "its topics are "delivery", "staff"" */
function topicsShown(actual: unknown): string {
	const topics: readonly unknown[] = Array.isArray(actual) ? actual : [];
	let node: ShownTopics | undefined = shownTopics;
	for (let at = 0; at < topics.length && node !== undefined; at++) {
		const entry = topics[at];
		if (!isTopicEntry(entry)) continue;
		const id = entry.topic;
		// An id that is not text or a number could read differently next time: such lists are not remembered.
		if (typeof id !== 'string' && typeof id !== 'number') node = undefined;
		else {
			let next: ShownTopics | undefined = node.next.get(id);
			if (next === undefined && shownTopicLists < SHOWN_TOPIC_LISTS) {
				next = new ShownTopics();
				node.next.set(id, next);
				shownTopicLists++;
			}
			node = next;
		}
	}
	if (node !== undefined && node.shown !== undefined) return node.shown;
	let shown = '';
	for (const entry of topics) if (isTopicEntry(entry)) shown += `${shown ? ', ' : ''}${JSON.stringify(entry.topic)}`;
	shown = shown ? `its topics are ${shown}` : 'it has no topics';
	if (node !== undefined) node.shown = shown;
	return shown;
}

const kindOfValue = (actual: unknown): string =>
	Array.isArray(actual) ? 'a list' : actual !== null && typeof actual === 'object' ? 'an object' : typeof actual === 'boolean' ? 'true/false' : 'text';

function describeActual(actual: unknown): string {
	if (Array.isArray(actual)) {
		const shown = actual.slice(0, 5).map((element) => (isScalar(element) || element === null ? describeActual(element) : kindOfValue(element)));
		return `[${shown.join(', ')}${actual.length > 5 ? `, … ${actual.length - 5} more` : ''}]`;
	}
	return describeValue(actual);
}
