/**
 * Alert Rule's simulate mode: how long capacity planning takes over 100,000 past responses (the
 * alertRule suite's items and 20 rules, owners routed by store with a default owner, a 24 h
 * cooldown, days counted in Europe/Paris), against the rules alone over the same items in the same
 * run. The ratio (rules alone / simulate, items per second) is what routing, the cooldown replay
 * and the per-day counts cost on top of rule evaluation. No goal: the figure is for the docs.
 */
import { loadCore } from '../core.mjs';
import { RULES, makeItems } from './alertRule.mjs';

export const name = 'alertSimulation';
export const description = 'Alert Rule simulate mode: 100,000 past responses, against the rules alone';

const STORE_OWNERS = [
	{ value: 'Lyon', ownerName: 'Claire Martin', ownerEmail: 'claire.martin@example.com' },
	{ value: 'Paris', ownerName: 'Hugo Petit', ownerEmail: 'hugo.petit@example.com' },
	{ value: 'Marseille', ownerName: 'Léa Bernard', ownerEmail: 'lea.bernard@example.com' },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function seconds(task) {
	const started = process.hrtime.bigint();
	const result = task();
	return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

export async function run(context) {
	const { log, settings } = context;
	const core = await loadCore(
		[
			"export { compileRules, evaluateRules } from './nodes/core/rules';",
			"export { readComment } from './nodes/core/comment';",
			"export { defaultTopicLibrary } from './nodes/core/topics';",
			"export { prepareAlertRules, simulationVerdict } from './nodes/core/alertDecision';",
			"export { readRoutingTable } from './nodes/core/routing';",
			"export { simulateAlerts } from './nodes/core/alertSimulation';",
		].join(' '),
	);
	const items = makeItems(core);
	const setup = core.prepareAlertRules({
		ruleSet: { rules: RULES },
		match: 'first',
		routing: core.readRoutingTable(STORE_OWNERS, 'feedback.hidden.store'),
		defaultOwner: { name: 'CX desk', email: 'cx-desk@example.com' },
		defaultCoach: null,
	});
	const rulesOnly = core.compileRules({ match: 'first', rules: RULES });
	const simulate = () =>
		core.simulateAlerts(items, {
			verdict: core.simulationVerdict(setup),
			cooldownHours: 24,
			zone: 'Europe/Paris',
		});
	const evaluate = () => {
		let matched = 0;
		for (const item of items) matched += core.evaluateRules(rulesOnly, item).matches.length;
		return matched;
	};
	simulate();
	evaluate();
	const simulateRounds = [];
	const rulesRounds = [];
	let summary;
	for (let round = 1; round <= settings.rounds; round++) {
		const rules = seconds(evaluate);
		const simulated = seconds(simulate);
		summary = simulated.result;
		rulesRounds.push(rules.seconds);
		simulateRounds.push(simulated.seconds);
		log(`round ${round}/${settings.rounds}: rules alone ${(rules.seconds * 1000).toFixed(0)} ms, simulate ${(simulated.seconds * 1000).toFixed(0)} ms`);
	}
	const simulateSeconds = median(simulateRounds);
	const rulesSeconds = median(rulesRounds);
	const busiest = Object.entries(summary.byOwner).sort((a, b) => b[1].busiestDayAlerts - a[1].busiestDayAlerts)[0];
	log(
		`${summary.alerts} alerts, ${summary.suppressed} suppressed, ${summary.noAlert} no alert over ${summary.days} days; busiest: ${busiest[0]} with ${busiest[1].busiestDayAlerts} on ${busiest[1].busiestDay}`,
	);
	return {
		title: description,
		rows: [
			{
				metric: `${items.length.toLocaleString('en')} responses (median of ${settings.rounds} rounds)`,
				unit: 'items/s',
				baselineLabel: 'rules alone',
				oursLabel: 'simulate mode',
				baseline: items.length / rulesSeconds,
				ours: items.length / simulateSeconds,
				ratio: rulesSeconds / simulateSeconds,
			},
			{ metric: `Simulate mode over ${items.length.toLocaleString('en')} responses`, value: simulateSeconds * 1000, unit: 'ms' },
		],
		details: { simulateRounds, rulesRounds, alerts: summary.alerts, suppressed: summary.suppressed, noAlert: summary.noAlert, days: summary.days },
	};
}
