/**
 * What the SLA Wait e2e tests share: a workflow in which a Webhook opens a case that waits in SLA Wait (its duration,
 * in calendar hours, from the request), with Breached → "Escalate to coach" and Met → "Close the loop", and the
 * HTTP calls a resume link gets.
 */
import { sleep } from 'n8n-workflow';

import type { Execution, N8nClient } from '../../scripts/n8n-server.cjs';
import { nodeOutput } from '../../scripts/n8n-server.cjs';

export const SECRET = { header: 'X-Resume-Secret', value: 'e2e-resume-secret-0123456789' };
export const CREDENTIAL = { id: 'cl0slasecret0001', name: 'SLA resume secret (e2e)' };
/** n8n's wait poll runs every 60 s and picks up waits due within 70 s; a resumed run then takes a few seconds. */
export const POLL_BOUND_MS = 75_000;

/** The workflow; `guarded` asks resume calls for the secret header of CREDENTIAL. */
export function slaWorkflow({ id, path }: { id: string; path: string }, guarded: boolean) {
	return {
		id,
		name: `SLA Wait e2e (${path})`,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Case opened',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${id}-sla`,
				name: 'SLA Wait',
				type: 'n8n-nodes-closed-loop.slaWait',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					mode: 'wait',
					policyName: 'First contact',
					durationAmount: '={{ $json.body.hours }}',
					durationUnit: 'calendarHours',
					startAt: '',
					atRiskPercent: 0,
					...(guarded ? { resumeCheck: 'secretHeader' } : {}),
				},
				...(guarded ? { credentials: { slaResumeSecretApi: CREDENTIAL } } : {}),
			},
			{ id: `${id}-esc`, name: 'Escalate to coach', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, -100], parameters: {} },
			{ id: `${id}-close`, name: 'Close the loop', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, 100], parameters: {} },
		],
		connections: {
			'Case opened': { main: [[{ node: 'SLA Wait', type: 'main', index: 0 }]] },
			'SLA Wait': {
				main: [[{ node: 'Escalate to coach', type: 'main', index: 0 }], [{ node: 'Close the loop', type: 'main', index: 0 }]],
			},
		},
	};
}

/** The SLA record n8n shows on the waiting node (what it returned before waiting). */
export function waitingSla(execution: Execution) {
	const [item] = nodeOutput(execution, 'SLA Wait', { output: 0 });
	return item.sla as { resumeUrl: string; dueAt: string; startedAt: string; policy: string; outcome: string };
}

/** A call to a resume link: JSON when `body` is given, a form post with `form`, else a GET. */
export async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; form?: Record<string, string> } = {}) {
	const headers: Record<string, string> = { ...init.headers };
	let body: string | undefined;
	if (init.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(init.form).toString();
	} else if (init.body !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(init.body);
	}
	const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
	const text = await response.text();
	return { status: response.status, type: response.headers.get('content-type') ?? '', text };
}

/** The execution once it has stopped running or waiting; fails after `timeoutMs`. */
export async function untilFinished(client: N8nClient, executionId: string, timeoutMs: number): Promise<Execution> {
	const started = Date.now();
	for (;;) {
		const execution = await client.getExecution(executionId);
		if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
		if (Date.now() - started > timeoutMs) throw new Error(`execution ${executionId} still ${execution.status} after ${timeoutMs} ms`);
		await sleep(500);
	}
}
