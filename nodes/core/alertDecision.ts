/**
 * Alert Rule's decision for one response, before the cooldown: which rules it matches, and who
 * must act on each (the rule's own owner, else the routing table, else the default owner). A rule
 * that matches but reaches nobody is kept, with the reason, so the response is never dropped.
 * The record the node writes (`alert`) is built here too, so every output says why in one shape.
 */
import { z } from 'zod';

import type { CooldownDecision, CooldownKey } from './cooldown';
import type { Alert } from './feedback';
import { FeedbackError } from './feedback';
import type { Person, RoutingTable } from './routing';
import { readPersonField, routeAlert } from './routing';
import type { CompiledRuleSet, MatchMode } from './rules';
import { compileRules, evaluateRules, matchingRules, ruleSchema } from './rules';

/** A rule as Alert Rule reads it: the engine's rule, plus an owner and coach of its own when it names them. */
export const alertingRuleSchema = ruleSchema.extend({
	owner: z.record(z.unknown(), { invalid_type_error: 'must be an object such as {"name": "…", "email": "…"}' }).optional(),
	coach: z.record(z.unknown(), { invalid_type_error: 'must be an object such as {"name": "…", "email": "…"}' }).optional(),
});
export type AlertingRule = z.infer<typeof alertingRuleSchema>;

export interface AlertRuleSetup {
	rules: CompiledRuleSet<AlertingRule>;
	/** Rule position (1-based) → the people the rule itself names. */
	ruleOwners: ReadonlyMap<number, { owner: Person; coach: Person | null }>;
	routing: RoutingTable;
	defaults: { owner: Person | null; coach: Person | null };
}

/** Validates and compiles everything once per run; throws a FeedbackError naming the rule and the field. */
export function prepareAlertRules(options: {
	ruleSet: unknown;
	match: MatchMode;
	routing: RoutingTable;
	defaultOwner: unknown;
	defaultCoach: unknown;
}): AlertRuleSetup {
	const rules = compileRules<AlertingRule>(options.ruleSet, { ruleSchema: alertingRuleSchema, match: options.match });
	const ruleOwners = new Map<number, { owner: Person; coach: Person | null }>();
	rules.rules.forEach((rule, index) => {
		const where = `Rule ${index + 1} "${rule.name}"`;
		const owner = readPersonField(rule.owner, `${where}, owner`);
		const coach = readPersonField(rule.coach, `${where}, coach`);
		if (owner) ruleOwners.set(index + 1, { owner, coach });
		else if (coach) throw new FeedbackError(`${where} names a coach but no owner: give the owner too, or leave both to the routing`, `rules[${index}].owner`);
	});
	return {
		rules,
		ruleOwners,
		routing: options.routing,
		defaults: {
			owner: readPersonField(options.defaultOwner, 'Default owner'),
			coach: readPersonField(options.defaultCoach, 'Default coach'),
		},
	};
}

export type AlertPlan =
	| { routed: true; rule: string; owner: Person; coach: Person | null; reasons: string[]; route: string }
	| { routed: false; rule: string | null; reasons: string[]; reason: string };

/** The alerts one response calls for, in rule order; never empty (no match is a plan with its reason). */
export function planAlerts(setup: AlertRuleSetup, item: unknown): AlertPlan[] {
	const { matches, noMatchReason } = evaluateRules(setup.rules, item);
	if (matches.length === 0) return [{ routed: false, rule: null, reasons: [], reason: noMatchReason ?? 'No rule matched' }];
	return matches.map(({ rule, position, reasons }): AlertPlan => {
		const route = routeRule(setup, item, position, rule);
		return route.routed ? { ...route, reasons } : { routed: false, rule: rule.name, reasons, reason: route.reason };
	});
}

type RuleRoute = { routed: true; rule: string; owner: Person; coach: Person | null; route: string } | { routed: false; reason: string };

/** Who owns a rule's match: the rule's own owner, else the routing table, else the default owner. */
function routeRule(setup: AlertRuleSetup, item: unknown, position: number, rule: AlertingRule): RuleRoute {
	const own = setup.ruleOwners.get(position);
	if (own) return { routed: true, rule: rule.name, owner: own.owner, coach: own.coach ?? setup.defaults.coach, route: `rule "${rule.name}" names its owner` };
	const routing = routeAlert(setup.routing, item, setup.defaults);
	return routing.routed
		? { routed: true, rule: rule.name, owner: routing.owner, coach: routing.coach, route: routing.reason }
		: { routed: false, reason: `Rule "${rule.name}" matched. ${routing.reason}` };
}

/** How a person is counted and named in summaries: their name, else how they are reached. */
export const personLabel = (person: Person): string => person.name ?? person.email ?? person.phone ?? person.helpdeskUserId ?? 'unnamed';

/**
 * Simulate mode's reading of a response: the first rule that reaches an owner, and that owner. It
 * counts alerts and writes none, so the rules are matched without their reasons.
 */
export function simulationVerdict(setup: AlertRuleSetup): (item: unknown) => { rule: string; owner: string } | null {
	return (item) => {
		for (const position of matchingRules(setup.rules, item)) {
			const route = routeRule(setup, item, position, setup.rules.rules[position - 1]);
			if (route.routed) return { rule: route.rule, owner: personLabel(route.owner) };
		}
		return null;
	};
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The `alert` record of each output: Alert (alert, update), Suppressed, No Alert. */
export function alertRecord(options: {
	outcome: Alert['outcome'];
	plan?: AlertPlan;
	decision?: CooldownDecision;
	reason?: string;
	message?: Alert['message'];
	key: CooldownKey | null;
	keyHash: string | null;
	nowSeconds: number;
	revision: number;
}): Alert {
	const { plan, decision } = options;
	const earlier = decision && decision.outcome !== 'alert' ? decision.earlier : undefined;
	return {
		outcome: options.outcome,
		rule: plan?.rule ?? null,
		owner: plan?.routed ? plan.owner : null,
		coach: plan?.routed ? plan.coach : null,
		message: options.message ?? null,
		reasons: plan?.reasons ?? [],
		route: plan?.routed ? plan.route : null,
		reason: options.reason ?? decision?.reason ?? (plan && !plan.routed ? plan.reason : ''),
		key: options.keyHash,
		keyField: options.key?.field ?? null,
		at: isoSeconds(options.nowSeconds),
		revision: options.revision,
		earlierAlertAt: earlier && earlier.at !== null ? isoSeconds(earlier.at) : null,
	};
}
