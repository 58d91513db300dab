/**
 * The trigger's handling of one delivery before any survey tool is involved: reading the body,
 * checking who sent it, and making sure a retried delivery starts no second execution.
 */
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import type { LedgerEntries } from './deliveryLedger';
import {
	MEMORY_LEDGER_LIMITS,
	STORED_LEDGER_LIMITS,
	ScopedLock,
	claim,
	decodeLedger,
	encodeLedger,
	ledgerKey,
	release,
} from './deliveryLedger';
import { DeliveryError, checkDeclaredLength, decodeDelivery } from './request';
import type { HmacSettings } from './signatures';
import { BASIC_AUTH_CHALLENGE, verifyBasicAuth, verifyConfiguredHmac, verifySecretHeader } from './signatures';
import type { SourceEntry, SourceKey } from './sources';
import type { InboundDelivery, SigningSecrets } from './sources/types';
import { SignatureError } from './sources/types';

/** What the node keeps in its static data: the webhook it registered and the deliveries it accepted. */
export interface RegistrationData {
	webhookId?: string;
	signingSecret?: string;
	/** Hashed keys of accepted deliveries, encoded by deliveryLedger.ts. */
	acceptedDeliveries?: string;
}

/** Deliveries for one trigger node are checked against the ledger one at a time (see deliveryLedger.ts). */
const ledgerLock = new ScopedLock();
/** Keys accepted in this process, per trigger node: catches duplicates that arrive together. */
const recentlyAccepted = new Map<string, LedgerEntries>();


interface N8nRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	query?: Record<string, unknown>;
	body?: unknown;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

export async function readDelivery(context: IWebhookFunctions, maxBytes: number): Promise<InboundDelivery> {
	const request = context.getRequestObject() as unknown as N8nRequest;
	checkDeclaredLength(request.headers, maxBytes);
	if (!request.rawBody && typeof request.readRawBody === 'function') {
		const failure = await request.readRawBody().then(
			() => undefined,
			(error: { status?: number; type?: string }) => error ?? {},
		);
		if (failure?.status === 413 || failure?.type === 'entity.too.large') {
			throw new DeliveryError(`The request body is larger than the ${maxBytes} bytes this trigger accepts`, 413, 'body');
		}
		if (failure) throw new DeliveryError('The request body could not be read: the upload was cut short', 400, 'body');
	}
	// Named fields, not a spread: Node's IncomingMessage keeps `headers` on its prototype.
	const { method, headers, query } = request;
	if (request.rawBody) {
		return decodeDelivery({ method, headers, query, rawBody: request.rawBody }, maxBytes);
	}
	// n8n parsed the body before the node ran (multipart form data it stored itself): use its fields.
	const delivery = decodeDelivery({ method: 'GET', headers, query, rawBody: Buffer.alloc(0) }, maxBytes);
	return { ...delivery, method: request.method.toUpperCase(), contentType: 'multipart/form-data', body: request.body };
}

export async function authenticate(
	context: IWebhookFunctions,
	sourceKey: SourceKey,
	entry: SourceEntry,
	delivery: InboundDelivery,
): Promise<void> {
	if (entry.signature === 'secret' || entry.signature === 'apiCredential') {
		entry.source.verifySignature!(delivery, await signingSecrets(context, sourceKey, entry));
		return;
	}
	const method = context.getNodeParameter('authentication', 'none') as string;
	if (method === 'none') return;
	if (method === 'basicAuth') {
		const { user, password } = await credentialFor(context, 'surveyWebhookBasicAuthApi', 'Authorization', BASIC_AUTH_CHALLENGE);
		verifyBasicAuth(delivery, String(user ?? ''), String(password ?? ''));
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

async function signingSecrets(context: IWebhookFunctions, sourceKey: SourceKey, entry: SourceEntry): Promise<SigningSecrets> {
	if (entry.signature === 'apiCredential') {
		return { apiCredentials: await credentialFor(context, entry.apiCredential!, 'signature') };
	}
	const registration = context.getNodeParameter('registration', 'automatic') as string;
	if (registration === 'automatic') {
		const data = context.getWorkflowStaticData('node') as RegistrationData;
		if (!data.signingSecret) {
			throw new SignatureError(
				`No signing secret was registered for this ${entry.displayName} webhook: deactivate and activate the workflow`,
				'signature',
			);
		}
		return { secret: data.signingSecret };
	}
	const { secret } = await credentialFor(context, 'surveyWebhookSecretApi', `${sourceKey} signature`);
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

export async function claimDelivery(context: IWebhookFunctions, scope: string, dedupKey: string): Promise<boolean> {
	return await ledgerLock.run(scope, () => {
		const now = Math.floor(Date.now() / 1000);
		const key = ledgerKey(dedupKey);
		let memory = recentlyAccepted.get(scope);
		if (!memory) recentlyAccepted.set(scope, (memory = {}));
		if (!claim(memory, key, now, MEMORY_LEDGER_LIMITS)) return false;
		const data = context.getWorkflowStaticData('node') as RegistrationData;
		const stored = decodeLedger(data.acceptedDeliveries);
		const fresh = claim(stored, key, now, STORED_LEDGER_LIMITS);
		// Assigning marks the static data as changed, so n8n saves it after this call.
		if (fresh) data.acceptedDeliveries = encodeLedger(stored);
		return fresh;
	});
}

export async function releaseDelivery(context: IWebhookFunctions, scope: string, dedupKey: string): Promise<void> {
	await ledgerLock.run(scope, () => {
		const key = ledgerKey(dedupKey);
		const memory = recentlyAccepted.get(scope);
		if (memory) release(memory, key);
		const data = context.getWorkflowStaticData('node') as RegistrationData;
		const stored = decodeLedger(data.acceptedDeliveries);
		release(stored, key);
		data.acceptedDeliveries = encodeLedger(stored);
	});
}
