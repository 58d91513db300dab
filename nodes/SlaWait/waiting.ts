/**
 * SLA Wait's two runs: wait, where the execution sleeps in n8n's database until resumed or breached, and check,
 * where a sweep learns where each open case stands.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FeedbackError } from '../core/feedback';
import type { SlaPolicy } from '../core/sla';
import { breachedAtDeadline, openSla, readAcceptedEvents, readInstant, resumeUrlFor, slaStanding } from '../core/sla';
import { SlaPolicyReader } from '../shared/businessCalendarFields';
import { eachItemRouted } from '../shared/eachItem';
import { CHECK_OUTPUT, RESUME_PATH, WAIT_OUTPUT } from './description';

function policyReader(context: IExecuteFunctions): SlaPolicyReader {
	return new SlaPolicyReader((name, itemIndex, fallback) => context.getNodeParameter(name, itemIndex, fallback), context.getTimezone());
}

function atRiskShareOf(context: IExecuteFunctions, itemIndex: number): number | null {
	const percent = Number(context.getNodeParameter('atRiskPercent', itemIndex, 75));
	if (!Number.isFinite(percent) || percent < 0 || percent >= 100) {
		throw new FeedbackError(`At Risk After (%) must be from 0 to 99, got ${String(percent)}`, 'atRiskPercent');
	}
	return percent === 0 ? null : percent / 100;
}

function startOf(context: IExecuteFunctions, policy: SlaPolicy, itemIndex: number, now: Date): Date {
	return readInstant(context.getNodeParameter('startAt', itemIndex, ''), 'SLA Starts', policy.calendar.zone) ?? now;
}

export async function checkStanding(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const policies = policyReader(context);
	const now = new Date();
	return await eachItemRouted(context, 4, (item, itemIndex) => {
		const policy = policies.read(itemIndex, atRiskShareOf(context, itemIndex));
		const resolvedAt = readInstant(context.getNodeParameter('resolvedAt', itemIndex, ''), 'Resolved At', policy.calendar.zone);
		const sla = slaStanding(policy, startOf(context, policy, itemIndex, now), now, resolvedAt);
		return [{ output: CHECK_OUTPUT[sla.standing ?? 'onTrack'], json: { ...item.json, sla: sla as IDataObject } }];
	});
}

/**
 * Computes every item's SLA, writes the breached-at-deadline record on the node's input items (what n8n passes on
 * when the wait times out), then puts the execution to wait until the last deadline.
 */
export async function waitForDeadline(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const policies = policyReader(context);
	const now = new Date();
	const failures: Array<{ itemIndex: number; error: unknown }> = [];
	const waiting: IDataObject[] = [];
	let resumeUrl: string;
	try {
		resumeUrl = resumeUrlFor(String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0)), RESUME_PATH);
		// The resume webhook reads this option; checked now, or a typo would refuse every resume and the case could only breach.
		readAcceptedEvents(String((context.getNodeParameter('options', 0, {}) as IDataObject).resumeEvents ?? ''), 'Resume Events');
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error));
	}
	items.forEach((item, itemIndex) => {
		try {
			const policy = policies.read(itemIndex, atRiskShareOf(context, itemIndex));
			const sla = openSla(policy, startOf(context, policy, itemIndex, now), resumeUrl);
			waiting.push({ ...item.json, sla: breachedAtDeadline(sla) as IDataObject });
		} catch (error) {
			failures.push({ itemIndex, error });
		}
	});
	if (failures.length > 0) return refuseToWait(context, failures);

	// n8n keeps these very objects in the waiting execution; its own copies, not the previous node's output.
	items.forEach((item, itemIndex) => {
		item.json = waiting[itemIndex];
	});
	const lastDue = Math.max(...waiting.map((json) => Date.parse((json.sla as IDataObject).dueAt as string)));
	const breached = items.map((item, itemIndex) => ({ json: item.json, pairedItem: { item: itemIndex } }));
	const outputs = (): INodeExecutionData[][] => {
		const routed: INodeExecutionData[][] = [[], []];
		routed[WAIT_OUTPUT.breached] = breached;
		return routed;
	};
	if (items.length === 0 || lastDue <= now.getTime()) return outputs();
	if (new Set(waiting.map((json) => (json.sla as IDataObject).dueAt)).size > 1) {
		context.addExecutionHints({
			message: `These ${items.length} cases have different deadlines and wait as one execution, until the last. Send one case per execution to escalate each on time.`,
			location: 'outputPane',
		});
	}
	await context.putExecutionToWait(new Date(lastDue));
	// n8n discards what a waiting node returns; the items above are what it resumes with.
	return outputs();
}

/**
 * A run where some item has no computable SLA does not wait: a wait would carry items without an SLA to Breached.
 * Without continue-on-fail the node fails; with it, every item goes to the error path, the good ones saying why.
 */
function refuseToWait(context: IExecuteFunctions, failures: Array<{ itemIndex: number; error: unknown }>): INodeExecutionData[][] {
	const first = failures[0];
	const failedAt = new Set(failures.map(({ itemIndex }) => itemIndex));
	const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
	if (!context.continueOnFail()) {
		const error = new NodeOperationError(context.getNode(), describe(first.error), {
			itemIndex: first.itemIndex,
			description: first.error instanceof FeedbackError ? first.error.hint : undefined,
		});
		throw error;
	}
	const toErrorOutput = context.getNode().onError === 'continueErrorOutput';
	const failed = context.getInputData().map((item, itemIndex) => {
		const failure = failures.find((entry) => entry.itemIndex === itemIndex);
		const error = failure
			? describe(failure.error)
			: `Not waited: item ${first.itemIndex + 1} of this run has no SLA (${describe(first.error)}), and the run waits as one`;
		const details = { field: failure?.error instanceof FeedbackError ? failure.error.field : null, retryable: !failedAt.has(itemIndex) };
		return { json: toErrorOutput ? { error, details } : { ...item.json, error, details }, pairedItem: { item: itemIndex } };
	});
	// n8n moves items holding only error and details to the error output itself.
	return [failed, []];
}
