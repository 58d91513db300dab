/**
 * Alert Rule's two runs: live, where each response goes to Alert, No Alert or Suppressed, and
 * simulate, where a batch of past responses becomes counts per rule, owner and day.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AlertPlan } from '../core/alertDecision';
import { alertRecord, planAlerts, simulationVerdict } from '../core/alertDecision';
import { renderAlertMessage } from '../core/alertMessage';
import { simulateAlerts } from '../core/alertSimulation';
import { cooldownKeyOf } from '../core/cooldown';
import { readClosedLoopItem } from '../core/feedback';
import type { RoutedItem } from '../shared/eachItem';
import { eachItemRouted } from '../shared/eachItem';
import { ledgerKey } from '../shared/ledger';
import type { DeduplicationStore } from './cooldownStore';
import { StoreReadBack, applyCooldown, forgetCooldownScope } from './cooldownStore';
import { ALERT_OUTPUT } from './description';
import type { AlertRuleSettings } from './settings';
import { readAlertRuleSettings } from './settings';

const NODE_NAME = 'Alert Rule';

/** Settings, or the problem with them, which every item then reports (so continue-on-fail keeps them all). */
function settingsOrProblem(context: IExecuteFunctions): () => AlertRuleSettings {
	let settings: AlertRuleSettings | undefined;
	let problem: unknown;
	try {
		settings = readAlertRuleSettings(context);
	} catch (error) {
		problem = error;
	}
	return () => {
		if (!settings) throw problem;
		return settings;
	};
}

export async function raiseAlerts(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = settingsOrProblem(context);
	const manual = context.getMode() === 'manual';
	const retry = context.getMode() === 'retry';
	const workflowId = context.getWorkflow().id ?? '';
	// Runs from the editor remember alerts for this run only, so a test never silences a real alert.
	const scope = manual ? `manual:${context.getExecutionId()}:${context.getNode().id}` : `${workflowId}:${context.getNode().id}`;
	const store: DeduplicationStore | undefined = manual
		? undefined
		: {
				checkProcessedAndRecord: async (keys, storeScope, options) => await context.helpers.checkProcessedAndRecord(keys, storeScope, options),
				removeProcessed: async (keys, storeScope, options) => await context.helpers.removeProcessed(keys, storeScope, options),
			};
	const readBack = store && new StoreReadBack(store);
	try {
		const outputs = await eachItemRouted(context, 3, async (item, itemIndex) => await decideResponse(context, settings(), item, itemIndex, { scope, store, retry, readBack }));
		await readBack?.settle();
		if (manual && outputs.some((output) => output.length > 0)) {
			context.addExecutionHints({
				message: 'Run from the editor: the cooldown was checked within this run only, and no alert was recorded. Only active workflows record alerts.',
				location: 'outputPane',
			});
		}
		return outputs;
	} finally {
		if (manual) forgetCooldownScope(scope);
	}
}

async function decideResponse(
	context: IExecuteFunctions,
	settings: AlertRuleSettings,
	item: INodeExecutionData,
	itemIndex: number,
	memory: { scope: string; store: DeduplicationStore | undefined; retry: boolean; readBack: StoreReadBack | undefined },
): Promise<RoutedItem[]> {
	const record = readClosedLoopItem(item.json, NODE_NAME);
	const plans = planAlerts(settings.setup, item.json);
	const nowSeconds = Math.floor(Date.now() / 1000);
	const key = cooldownKeyOf(item.json, settings.cooldownFields);
	const common = { key, keyHash: key ? ledgerKey(key.key) : null, nowSeconds, revision: record.feedback.revision };
	const out = (output: number, alert: IDataObject): RoutedItem => ({ output, json: { ...item.json, alert } });
	if (record.feedback.event !== 'response') {
		const reason = `Not a survey response but a ${record.feedback.event}: nobody is alerted about it`;
		return [out(ALERT_OUTPUT.noAlert, alertRecord({ ...common, outcome: 'noAlert', reason }))];
	}

	const routed = plans.filter((plan): plan is Extract<AlertPlan, { routed: true }> => plan.routed);
	const unrouted = plans.filter((plan) => !plan.routed);
	const noAlert = unrouted.map((plan) => out(ALERT_OUTPUT.noAlert, alertRecord({ ...common, outcome: 'noAlert', plan })));
	if (routed.length === 0) return noAlert;

	// One cooldown decision per response: in "all matching rules", its rules alert together or not at all.
	const decision = await applyCooldown(
		memory.scope,
		{ key, feedbackId: record.feedback.id, revision: record.feedback.revision, hours: settings.cooldownHours, nowSeconds, retry: memory.retry },
		memory.store,
		memory.readBack,
	);
	if (decision.outcome === 'suppressed') {
		return [...routed.map((plan) => out(ALERT_OUTPUT.suppressed, alertRecord({ ...common, outcome: 'suppressed', plan, decision }))), ...noAlert];
	}
	const link = context.getNodeParameter('options.responseLink', itemIndex, '') as string;
	const alerts = routed.map((plan) => {
		const message = renderAlertMessage(settings.templates, {
			item: record,
			owner: plan.owner,
			coach: plan.coach,
			rule: plan.rule,
			reasons: plan.reasons,
			link,
			maskPersonalData: settings.maskPersonalData,
		});
		return out(
			ALERT_OUTPUT.alert,
			alertRecord({
				...common,
				outcome: decision.outcome,
				plan,
				decision,
				message: { language: message.language, ...message.owner, shared: message.shared, warnings: message.warnings },
			}),
		);
	});
	return [...alerts, ...noAlert];
}

/** One summary item: alerts per rule and owner per day, suppressions, each owner's busiest day. */
export function simulate(context: IExecuteFunctions): INodeExecutionData[][] {
	const { setup, cooldownHours, cooldownFields, timeZone } = readAlertRuleSettings(context);
	const items = context.getInputData();
	const summary = simulateAlerts(
		items.map((item) => item.json),
		{
			verdict: simulationVerdict(setup),
			cooldownHours,
			cooldownFields,
			zone: timeZone,
		},
	);
	return [[{ json: { simulation: summary } as unknown as IDataObject, pairedItem: items.map((_, index) => ({ item: index })) }]];
}
