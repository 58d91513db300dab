/**
 * The trigger's handling of one delivery before any survey tool is involved: checking who sent
 * it, and making sure a retried delivery starts no second execution.
 */
import { randomUUID } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

import { SignatureError } from '../shared/errors';
import type { InboundDelivery } from '../shared/inboundDelivery';
import {
	MEMORY_LEDGER_LIMITS,
	MemoryLedger,
	STORED_LEDGER_LIMITS,
	ScopedLock,
	ledgerKey,
	mergeIntoStoredLedger,
	storedLedgerHas,
} from '../shared/ledger';
import type { HmacSettings } from '../shared/signatures';
import { basicAuthChallenge, verifyBasicAuth, verifyConfiguredHmac, verifySecretHeader } from '../shared/signatures';
import type { AnySurveySource, SigningSecrets } from './sources/types';


/** Names the trigger in a basic-auth challenge. */
const REALM = 'Survey Trigger';

/** What the node keeps in its static data: the webhook it registered and the deliveries it accepted. */
export interface RegistrationData {
	webhookId?: string;
	signingSecret?: string;
	/** Hashed keys of accepted deliveries, encoded by shared/ledger.ts. */
	acceptedDeliveries?: string;
}

/** Keys accepted in this process, per trigger node: catches duplicates that arrive together. */
const acceptedInProcess = new Map<string, MemoryLedger>();
/** One deduplication-store update at a time per trigger node in this process. */
const deduplicationStoreLock = new ScopedLock();

/** Checks who sent the delivery: the tool's own signature, or what the user chose for a tool that signs nothing. */
export async function authenticate(context: IWebhookFunctions, source: AnySurveySource, delivery: InboundDelivery): Promise<void> {
	if (source.signature !== 'none') {
		source.verifySignature!(delivery, await signingSecrets(context, source));
		return;
	}
	const method = context.getNodeParameter('authentication', 'none') as string;
	if (method === 'none') return;
	if (method === 'basicAuth') {
		const { user, password } = await credentialFor(context, 'surveyWebhookBasicAuthApi', 'Authorization', basicAuthChallenge(REALM));
		verifyBasicAuth(delivery, String(user ?? ''), String(password ?? ''), REALM);
		return;
	}
	const header =
		method === 'hmac'
			? hmacSettings(context).header
			: (context.getNodeParameter('headerName', 'X-Webhook-Secret') as string);
	const { secret } = await credentialFor(context, 'surveyWebhookSecretApi', header);
	if (method === 'hmac') {
		verifyConfiguredHmac(delivery, String(secret ?? ''), hmacSettings(context), Date.now() / 1000);
	} else {
		verifySecretHeader(delivery, header, String(secret ?? ''));
	}
}

function hmacSettings(context: IWebhookFunctions): HmacSettings {
	const given = context.getNodeParameter('hmac', {}) as Partial<HmacSettings>;
	return {
		header: given.header?.trim() || 'X-Signature',
		algorithm: given.algorithm ?? 'sha256',
		encoding: given.encoding ?? 'hex',
		prefix: given.prefix ?? '',
		timestampHeader: given.timestampHeader?.trim() ?? '',
		toleranceSeconds: given.toleranceSeconds ?? 300,
	};
}

async function signingSecrets(context: IWebhookFunctions, source: AnySurveySource): Promise<SigningSecrets> {
	if (source.signature === 'apiCredential') {
		return { apiCredentials: await credentialFor(context, source.api!.credentialType, 'signature') };
	}
	const registration = context.getNodeParameter('registration', 'automatic') as string;
	if (registration === 'automatic') {
		const data = context.getWorkflowStaticData('node') as RegistrationData;
		if (!data.signingSecret) {
			throw new SignatureError(
				`No signing secret was registered for this ${source.displayName} webhook: unpublish the workflow and publish it again`,
				'signature',
			);
		}
		return { secret: data.signingSecret };
	}
	const { secret } = await credentialFor(context, 'surveyWebhookSecretApi', `${source.key} signature`);
	return { secret: String(secret ?? '') };
}

/** A credential the delivery is checked with; a missing one refuses the delivery rather than failing n8n. */
async function credentialFor(
	context: IWebhookFunctions,
	type: string,
	header: string,
	challenge?: string,
): Promise<ICredentialDataDecryptedObject> {
	const credentials = await context.getCredentials(type).then(
		(values) => values,
		() => undefined,
	);
	if (!credentials) {
		context.logger.error(`Survey Trigger: the "${type}" credential is not set or cannot be read`);
		throw new SignatureError(`The trigger has no credential to check "${header}" with`, header, challenge);
	}
	return credentials;
}

/*
 * Exactly-once across restarts. How n8n 2.41.1 persists a webhook node's static data:
 * - live-webhooks.js saves it after the webhook call only if `staticData.__dataChanged` is still
 *   true. But for a call that starts an execution, WorkflowRunner.run has already built new
 *   Workflow objects over the same static data (establishContextForPersistence), and each
 *   construction (ObservableObject.create) resets `__dataChanged` to false. So what webhook()
 *   writes is saved only when no execution starts; a ledger written there was lost.
 * - In regular mode the execution reloads static data from the database (prepareNewExecution)
 *   and saves it whole when it ends if a node changed it, outside manual runs (workflowExecuteAfter).
 * - In queue mode the worker's execution gets no static data at all (the stored execution keeps a
 *   workflow snapshot without it, toWorkflowSnapshot), yet saves what it has, whole: a write there
 *   would replace the workflow's static data, registered webhook secrets included.
 * So webhook() only reads the stored ledger and claims the key in memory; the key rides on the
 * item to the trigger's execute(), which n8n runs as the execution's first node. There, in the
 * process that ran webhook() (regular mode), it goes into the stored ledger; anywhere else (a
 * queue-mode worker), into n8n's deduplication store, and a repeat stops at the trigger.
 */

/** Which n8n process this is: tells execute() whether it runs where webhook() ran. */
const THIS_PROCESS = randomUUID();

/**
 * n8n's deduplication store, for executions on another process: one row per trigger node,
 * rewritten whole on each delivery, so kept short. It has no expiry; this is its only bound.
 */
export const DEDUPLICATION_STORE_ENTRIES = 2000;

/** The item field that carries the accepted delivery's key from webhook() to execute(). */
export const ACCEPTED_DELIVERY_FIELD = '__closedLoopAcceptedDelivery';

interface AcceptedDelivery {
	key: string;
	acceptedAt: number;
	/** THIS_PROCESS of the process that accepted it. */
	process: string;
}

interface StaticDataContext {
	getWorkflowStaticData(type: string): IDataObject;
}

type RecordingContext = StaticDataContext & Pick<IExecuteFunctions, 'helpers' | 'logger' | 'addExecutionHints'>;

/**
 * One ledger scope per trigger node of each workflow, and apart for the editor's test deliveries:
 * a response sent while testing must not make its real delivery a "duplicate".
 */
export const deliveryScope = (workflowId: string | undefined, nodeId: string, mode: string) =>
	`${mode === 'manual' ? 'test:' : ''}${workflowId ?? ''}:${nodeId}`;

const nowSeconds = () => Math.floor(Date.now() / 1000);

function memoryFor(scope: string): MemoryLedger {
	let memory = acceptedInProcess.get(scope);
	if (!memory) acceptedInProcess.set(scope, (memory = new MemoryLedger(MEMORY_LEDGER_LIMITS)));
	return memory;
}

/**
 * Claims a delivery: its ledger key when it is new, undefined for a repeat. Synchronous from
 * check to record, so copies arriving at the same moment cannot both pass.
 */
export function claimDelivery(context: StaticDataContext, scope: string, dedupKey: string): AcceptedDelivery | undefined {
	const now = nowSeconds();
	const key = ledgerKey(dedupKey);
	const data = context.getWorkflowStaticData('node') as RegistrationData;
	if (storedLedgerHas(data.acceptedDeliveries, key, now, STORED_LEDGER_LIMITS)) return undefined;
	return memoryFor(scope).claim(key, now) ? { key, acceptedAt: now, process: THIS_PROCESS } : undefined;
}

/** Forgets a claimed delivery that did not start the workflow, so the tool's retry is accepted. */
export function releaseDelivery(scope: string, accepted: AcceptedDelivery): void {
	memoryFor(scope).release(accepted.key);
}

/** The delivery starts the workflow: its key goes on the item, and may now be stored. */
export function startWithAcceptedDelivery(scope: string, json: IDataObject, accepted: AcceptedDelivery | undefined): IDataObject {
	if (!accepted) return json;
	memoryFor(scope).confirm(accepted.key);
	return { ...json, [ACCEPTED_DELIVERY_FIELD]: { ...accepted } };
}

/**
 * In the execution: records the accepted deliveries, and hands the items on without the carrier
 * field. Where webhook() ran in this process, the keys go into the stored ledger (with every key
 * this process accepted lately, see mergeIntoStoredLedger). Elsewhere, they go into n8n's
 * deduplication store, and an item it has seen before is not handed on: a retry that reached
 * another webhook process, or came after a restart, starts nothing downstream.
 */
export async function recordAcceptedDeliveries(
	context: RecordingContext,
	scope: string,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const now = nowSeconds();
	const carried = items.map((item, index) => {
		const { [ACCEPTED_DELIVERY_FIELD]: value, ...json } = item.json;
		const delivery = value as Partial<AcceptedDelivery> | undefined;
		const accepted = typeof delivery?.key === 'string' && typeof delivery.acceptedAt === 'number' ? (delivery as AcceptedDelivery) : undefined;
		return { item: { ...item, json, pairedItem: item.pairedItem ?? { item: index } }, accepted };
	});

	const fromElsewhere = carried.filter(({ accepted }) => accepted && accepted.process !== THIS_PROCESS);
	const repeats = new Set<string>();
	if (fromElsewhere.length > 0) {
		const keys = fromElsewhere.map(({ accepted }) => accepted!.key);
		try {
			const { processed } = await deduplicationStoreLock.run(scope, () =>
				context.helpers.checkProcessedAndRecord(keys, 'node', { mode: 'entries', maxEntries: DEDUPLICATION_STORE_ENTRIES }),
			);
			for (const key of processed) repeats.add(String(key));
		} catch (error) {
			// A possible repeat is better than a lost response: hand it on, and say why.
			context.logger.warn(`Survey Trigger could not check n8n's deduplication store, so a repeat may pass: ${(error as Error).message}`);
		}
	}

	const confirmed = memoryFor(scope).confirmed();
	const here = carried.filter(({ accepted }) => accepted?.process === THIS_PROCESS).map(({ accepted }): [string, number] => [accepted!.key, accepted!.acceptedAt]);
	if (here.length > 0) {
		const data = context.getWorkflowStaticData('node') as RegistrationData;
		const merged = mergeIntoStoredLedger(data.acceptedDeliveries, [...confirmed, ...here], now, STORED_LEDGER_LIMITS);
		// Assigning marks the static data as changed, so n8n saves it when the execution ends.
		if (merged !== data.acceptedDeliveries) data.acceptedDeliveries = merged;
	}

	if (repeats.size > 0) {
		context.logger.info(`Survey Trigger stopped ${repeats.size} repeated delivery(ies) that reached another n8n process`);
		context.addExecutionHints({
			message: 'This delivery had already been received (by another n8n process, or before a restart): it went no further',
			location: 'outputPane',
		});
	}
	return carried.filter(({ accepted }) => !accepted || !repeats.has(accepted.key)).map(({ item }) => item);
}
