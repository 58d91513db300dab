/**
 * Alert Rule speed: the condition engine (nodes/core/rules.ts) against a hand-written `if` chain.
 *
 * 100,000 synthetic classified items (a mix of categories, touchpoints, segments, stores, English and
 * French comments classified by our own comment reader, priorities) go through 20 rules that use
 * every operator, first matching rule wins, compiled once. The baseline is the same 20 rules written
 * as plain JavaScript conditions. All run in this process, in interleaved rounds; ratio = ours /
 * hand-written items per second, the median of each round's ratio.
 *
 * Two figures. Like for like, the rule that matches (matchingRules, as simulate mode counts
 * alerts): goal ≥ 0.5. And the alert path, the matched rule with its reasons (evaluateRules), which
 * the chain does not write: reported beside it. Before timing, the engine (both ways) and the chain
 * must pick the same rules for every item, in 'first' and in 'all' mode, or the suite fails.
 */
import { loadCore } from '../core.mjs';

export const name = 'alertRule';
export const description = 'Alert Rule: 20 rules over 100,000 classified items, against a hand-written if chain';

const GOAL = 0.5;
const ITEMS = 100_000;

/** The rule set a CX team would write: every operator, one contains, one regex. */
export const RULES = [
	{ name: 'VIP detractor', when: { combine: 'all', conditions: [
		{ field: 'classification.category', operator: 'equals', value: 'detractor' },
		{ field: 'feedback.respondent.segment', operator: 'inList', value: ['VIP', 'Enterprise'] },
	] } },
	{ name: 'Late delivery', when: { combine: 'all', conditions: [
		{ field: 'feedback.touchpoint', operator: 'equals', value: 'delivery' },
		{ combine: 'any', conditions: [
			{ operator: 'hasTopic', value: 'delivery' },
			{ field: 'feedback.comment', operator: 'contains', value: 'retard' },
		] },
		{ field: 'classification.metrics[0].score', operator: 'lte', value: 6 },
	] } },
	{ name: 'Refund request', when: { combine: 'all', conditions: [
		{ field: 'feedback.comment', operator: 'matchesRegex', value: '\\b(refund|rembours\\w*)\\b', ignoreCase: true },
	] } },
	{ name: 'Billing complaint', when: { combine: 'all', conditions: [
		{ operator: 'hasTopic', value: 'billing' },
		{ operator: 'sentimentIs', value: 'negative' },
	] } },
	{ name: 'Urgent bad experience', when: { combine: 'all', conditions: [
		{ operator: 'priorityAtLeast', value: 'P1' },
		{ field: 'classification.badExperience', operator: 'equals', value: true },
	] } },
	{ name: 'Store staff', when: { combine: 'all', conditions: [
		{ field: 'feedback.touchpoint', operator: 'equals', value: 'store' },
		{ operator: 'hasTopic', value: 'staff' },
		{ field: 'classification.category', operator: 'inList', value: ['detractor', 'passive'] },
	] } },
	{ name: 'Big account, low score', when: { combine: 'all', conditions: [
		{ field: 'classification.metrics[0].score', operator: 'lte', value: 4 },
		{ field: 'feedback.respondent.value', operator: 'gte', value: 5000 },
	] } },
	{ name: 'Rhône-Alpes detractor', when: { combine: 'all', conditions: [
		{ field: 'feedback.hidden.region', operator: 'equals', value: 'Auvergne-Rhône-Alpes' },
		{ field: 'classification.category', operator: 'equals', value: 'detractor' },
	] } },
	{ name: 'Silent detractor', when: { combine: 'all', conditions: [
		{ field: 'classification.category', operator: 'equals', value: 'detractor' },
		{ field: 'feedback.comment', operator: 'isEmpty' },
	] } },
	{ name: 'CSAT dissatisfied', when: { combine: 'all', conditions: [
		{ field: 'classification.category', operator: 'equals', value: 'dissatisfied' },
	] } },
	{ name: 'Hard to do, off the web', when: { combine: 'all', conditions: [
		{ field: 'classification.category', operator: 'equals', value: 'difficult' },
		{ field: 'feedback.touchpoint', operator: 'notEquals', value: 'web' },
	] } },
	{ name: 'App unhappy', when: { combine: 'all', conditions: [
		{ field: 'feedback.touchpoint', operator: 'equals', value: 'app' },
		{ operator: 'sentimentIs', value: ['negative', 'neutral'] },
	] } },
	{ name: 'Price, P2 or worse', when: { combine: 'all', conditions: [
		{ operator: 'hasTopic', value: 'price' },
		{ operator: 'priorityAtLeast', value: 'P2' },
	] } },
	{ name: 'Recent passive with a comment', when: { combine: 'all', conditions: [
		{ field: 'classification.category', operator: 'equals', value: 'passive' },
		{ field: 'feedback.comment', operator: 'isNotEmpty' },
		{ field: 'feedback.submittedAt', operator: 'gt', value: '2026-06-01' },
	] } },
	{ name: 'Call centre', when: { combine: 'all', conditions: [
		{ field: 'feedback.touchpoint', operator: 'equals', value: 'call centre' },
		{ field: 'classification.metrics[0].score', operator: 'lt', value: 7 },
	] } },
	{ name: 'Quality', when: { combine: 'all', conditions: [
		{ operator: 'hasTopic', value: 'quality' },
		{ combine: 'any', conditions: [
			{ operator: 'sentimentIs', value: 'negative' },
			{ field: 'classification.metrics[0].score', operator: 'lte', value: 6 },
		] },
	] } },
	{ name: 'Staff kudos', when: { combine: 'all', conditions: [
		{ field: 'classification.category', operator: 'equals', value: 'promoter' },
		{ operator: 'hasTopic', value: 'staff' },
	] } },
	{ name: 'Enterprise, negative', when: { combine: 'all', conditions: [
		{ field: 'feedback.respondent.segment', operator: 'equals', value: 'Enterprise' },
		{ operator: 'sentimentIs', value: 'negative' },
	] } },
	{ name: 'Regular, not a promoter', when: { combine: 'all', conditions: [
		{ field: 'feedback.hidden.visits', operator: 'gt', value: 20 },
		{ field: 'classification.category', operator: 'notEquals', value: 'promoter' },
	] } },
	{ name: 'Any bad experience', when: { combine: 'all', conditions: [
		{ field: 'classification.badExperience', operator: 'equals', value: true },
	] } },
];

const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const REFUND = /\b(refund|rembours\w*)\b/iu;
const SINCE = Date.parse('2026-06-01');
const hasTopic = (item, id) => (item.classification.topics ?? []).some((topic) => topic.topic === id);
const blank = (text) => text === null || text === undefined || text.trim() === '';

/** The same 20 rules as a developer writes them by hand; the rules' 1-based positions that match. */
export function handWritten(item, all) {
	const { feedback, classification } = item;
	const category = classification.category;
	const touchpoint = feedback.touchpoint;
	const segment = feedback.respondent.segment?.toLowerCase();
	const score = classification.metrics[0]?.score;
	const label = classification.sentiment?.label ?? 'unknown';
	const priority = classification.priority;
	const comment = feedback.comment;
	const matched = [];
	const hit = (position) => {
		matched.push(position);
		return !all;
	};
	if (category === 'detractor' && (segment === 'vip' || segment === 'enterprise') && hit(1)) return matched;
	if (touchpoint === 'delivery' && (hasTopic(item, 'delivery') || (comment != null && fold(comment).includes('retard'))) && score <= 6 && hit(2)) return matched;
	if (comment != null && REFUND.test(comment.slice(0, 10_000)) && hit(3)) return matched;
	if (hasTopic(item, 'billing') && label === 'negative' && hit(4)) return matched;
	if (priority === 'P1' && classification.badExperience === true && hit(5)) return matched;
	if (touchpoint === 'store' && hasTopic(item, 'staff') && (category === 'detractor' || category === 'passive') && hit(6)) return matched;
	if (score <= 4 && feedback.respondent.value >= 5000 && hit(7)) return matched;
	if (feedback.hidden.region === 'Auvergne-Rhône-Alpes' && category === 'detractor' && hit(8)) return matched;
	if (category === 'detractor' && blank(comment) && hit(9)) return matched;
	if (category === 'dissatisfied' && hit(10)) return matched;
	if (category === 'difficult' && touchpoint != null && touchpoint !== 'web' && hit(11)) return matched;
	if (touchpoint === 'app' && (label === 'negative' || label === 'neutral') && hit(12)) return matched;
	if (hasTopic(item, 'price') && (priority === 'P1' || priority === 'P2') && hit(13)) return matched;
	if (category === 'passive' && !blank(comment) && Date.parse(feedback.submittedAt) > SINCE && hit(14)) return matched;
	if (touchpoint?.toLowerCase() === 'call centre' && score < 7 && hit(15)) return matched;
	if (hasTopic(item, 'quality') && (label === 'negative' || score <= 6) && hit(16)) return matched;
	if (category === 'promoter' && hasTopic(item, 'staff') && hit(17)) return matched;
	if (segment === 'enterprise' && label === 'negative' && hit(18)) return matched;
	if (Number(feedback.hidden.visits) > 20 && category != null && category !== 'promoter' && hit(19)) return matched;
	if (classification.badExperience === true && hit(20)) return matched;
	return matched;
}

const COMMENTS = [
	'Livraison très en retard, colis abîmé',
	'Delivery was late again and the parcel was damaged',
	'The cashier was rude and unhelpful',
	'Vendeuse très aimable, merci !',
	'Great staff, lovely welcome',
	'I was charged twice, I want a refund',
	'Je demande le remboursement de ma commande',
	'Prix trop cher pour la qualité',
	'Too expensive for what it is',
	'Product stopped working after a week',
	'Produit de mauvaise qualité, déçu',
	"L'appli plante à chaque paiement",
	'The app keeps crashing',
	'Facture erronée, prélèvement en double',
	'Everything was fine',
	'RAS',
	'Waited 40 minutes on the phone',
	"Temps d'attente beaucoup trop long au téléphone",
	'Rien à dire, parfait',
	'The delivery driver was very friendly',
	'Colis jamais arrivé, aucun suivi',
	'Good value for money',
	'',
	'   ',
];
const TOUCHPOINTS = ['delivery', 'store', 'web', 'app', 'call centre', 'Call Centre', null];
const SEGMENTS = ['standard', 'standard', 'standard', 'VIP', 'vip', 'Enterprise', null];
const REGIONS = ['Île-de-France', 'Auvergne-Rhône-Alpes', 'Bretagne', 'Occitanie'];
const STORES = ['Lyon Part-Dieu', 'Paris Opéra', 'Rennes', 'Toulouse Capitole'];
const METRICS = [
	{ type: 'nps', scaleMin: 0, scaleMax: 10, categories: (score) => (score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter') },
	{ type: 'csat', scaleMin: 1, scaleMax: 5, categories: (score) => (score <= 2 ? 'dissatisfied' : score === 3 ? 'neutral' : 'satisfied') },
	{ type: 'ces', scaleMin: 1, scaleMax: 7, categories: (score) => (score <= 3 ? 'difficult' : score <= 5 ? 'neutral' : 'easy') },
];

/** A deterministic generator, so every run sees the same items. */
function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function makeItems(core) {
	const library = core.defaultTopicLibrary();
	const readings = COMMENTS.map((text) => (text.trim() ? core.readComment(text, library) : null));
	const next = random(10);
	const pick = (list) => list[Math.floor(next() * list.length)];
	const items = [];
	for (let n = 0; n < ITEMS; n++) {
		const metric = next() < 0.7 ? METRICS[0] : pick(METRICS);
		const score = metric.scaleMin + Math.floor(next() * (metric.scaleMax - metric.scaleMin + 1));
		const category = metric.categories(score);
		const at = next() < 0.1 ? null : Math.floor(next() * COMMENTS.length);
		const comment = at === null ? null : COMMENTS[at];
		const reading = at === null ? null : readings[at];
		const sentiment = reading ? { score: reading.sentiment.score, comparative: reading.sentiment.comparative, label: reading.sentiment.label, language: reading.sentiment.language } : null;
		const bad = ['detractor', 'dissatisfied', 'difficult'].includes(category);
		const priority = bad ? (sentiment?.label === 'negative' ? 'P1' : 'P2') : category === 'promoter' || category === 'satisfied' || category === 'easy' ? 'P4' : 'P3';
		const hidden = { store: pick(STORES), region: pick(REGIONS) };
		if (next() < 0.5) hidden.visits = String(Math.floor(next() * 40));
		items.push({
			feedback: {
				id: `r-${n}`,
				revision: 1,
				event: 'response',
				source: 'delighted',
				touchpoint: pick(TOUCHPOINTS),
				submittedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 330) * 86_400_000).toISOString(),
				respondent: { id: null, customerId: `c-${n % 5000}`, email: `customer${n % 5000}@example.com`, phone: null, name: null, timezone: null, segment: pick(SEGMENTS), value: next() < 0.3 ? Math.floor(next() * 20_000) : null },
				metrics: [{ type: metric.type, score, scaleMin: metric.scaleMin, scaleMax: metric.scaleMax, questionId: null }],
				comment,
				answers: [],
				hidden,
				warnings: [],
			},
			classification: {
				category,
				primaryMetric: metric.type,
				metrics: [{ type: metric.type, score, scaleMin: metric.scaleMin, scaleMax: metric.scaleMax, questionId: null, category }],
				sentiment,
				topics: reading ? reading.topics : [],
				priority,
				badExperience: bad && (sentiment?.label === 'negative' || score === metric.scaleMin),
				reasons: [],
			},
		});
	}
	return items;
}

/** Passes over the items per round: one pass takes about a tenth of a second, short enough for a hiccup of the machine to skew a round. */
const PASSES = 3;

function itemsPerSecond(items, decide) {
	const started = process.hrtime.bigint();
	let checksum = 0;
	for (let pass = 0; pass < PASSES; pass++) for (const item of items) checksum += decide(item);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (checksum === 0) throw new Error('no item matched any rule');
	return (PASSES * items.length) / seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(context) {
	const { log, settings } = context;
	const core = await loadCore(
		"export { compileRules, evaluateRules, matchingRules } from './nodes/core/rules'; export { readComment } from './nodes/core/comment'; export { defaultTopicLibrary } from './nodes/core/topics';",
	);
	const items = makeItems(core);
	const compileStarted = process.hrtime.bigint();
	const first = core.compileRules({ match: 'first', rules: RULES });
	const compileMs = Number(process.hrtime.bigint() - compileStarted) / 1e6;
	const every = core.compileRules({ match: 'all', rules: RULES });

	// Same decisions on every item, in both modes, with and without reasons, before anything is timed.
	const { evaluateRules, matchingRules } = core;
	const perRule = new Array(RULES.length + 1).fill(0);
	items.forEach((item, index) => {
		const ours = evaluateRules(first, item).matches.map((match) => match.position);
		const theirs = handWritten(item, false);
		const oursAll = evaluateRules(every, item).matches.map((match) => match.position);
		const theirsAll = handWritten(item, true);
		const decided = [matchingRules(first, item), matchingRules(every, item)];
		if ([ours, decided[0]].some((got) => got.join() !== theirs.join()) || [oursAll, decided[1]].some((got) => got.join() !== theirsAll.join())) {
			throw new Error(`item ${index} (${item.feedback.id}): rules engine ${JSON.stringify([ours, oursAll, ...decided])}, hand-written ${JSON.stringify([theirs, theirsAll])}`);
		}
		perRule[ours[0] ?? 0]++;
	});
	const unused = RULES.filter((_, index) => perRule[index + 1] === 0).map((rule) => rule.name);
	log(`same decisions on ${ITEMS.toLocaleString('en')} items; first matches per rule ${JSON.stringify(perRule.slice(1))}, no match ${perRule[0]}${unused.length ? `; never first: ${unused.join(', ')}` : ''}`);

	// Like for like: the rule that matches, as the hand-written chain gives it (and simulate mode asks).
	const decide = (item) => matchingRules(first, item)[0] ?? 1;
	// The alert path: the matched rule and its reasons, or why none matched. The chain writes no reasons.
	const withReasons = (item) => {
		const result = evaluateRules(first, item);
		return result.matches.length ? result.matches[0].position + (result.matches[0].reasons.length ? 0 : 1) : result.noMatchReason ? 1 : 0;
	};
	const theirs = (item) => handWritten(item, false)[0] ?? 1;
	const sides = [theirs, decide, withReasons];
	for (const side of sides) itemsPerSecond(items, side);
	const rounds = settings.rounds;
	const perSecond = sides.map(() => []);
	for (let round = 1; round <= rounds; round++) {
		sides.forEach((side, at) => perSecond[at].push(itemsPerSecond(items, side)));
		log(`round ${round}/${rounds}: hand-written ${perSecond[0].at(-1).toFixed(0)} items/s, rules engine ${perSecond[1].at(-1).toFixed(0)} items/s, with reasons ${perSecond[2].at(-1).toFixed(0)} items/s`);
	}
	const [handRounds, decideRounds, reasonRounds] = perSecond;
	// Each round's ratio against the hand-written round just before it, then their median: a drift of the machine's speed over the run cancels out.
	const pairedRatio = (oursRounds) => median(oursRounds.map((value, round) => value / handRounds[round]));
	const metric = `${ITEMS.toLocaleString('en')} classified items through ${RULES.length} rules, first match (median of ${rounds} rounds)`;
	return {
		title: description,
		rows: [
			{
				metric: `${metric}: the rule that matches`,
				unit: 'items/s',
				baselineLabel: 'hand-written if chain',
				oursLabel: 'compiled rules',
				baseline: median(handRounds),
				ours: median(decideRounds),
				ratio: pairedRatio(decideRounds),
				goal: GOAL,
			},
			{
				metric: `${metric}: with the reasons an alert carries (the chain writes none)`,
				unit: 'items/s',
				baselineLabel: 'hand-written if chain',
				oursLabel: 'compiled rules, with reasons',
				baseline: median(handRounds),
				ours: median(reasonRounds),
				ratio: pairedRatio(reasonRounds),
			},
			{ metric: `Compiling the ${RULES.length} rules (validation included)`, value: compileMs, unit: 'ms' },
		],
		details: { handRounds, decideRounds, reasonRounds, firstMatchesPerRule: perRule.slice(1), noMatch: perRule[0], compileMs },
	};
}
