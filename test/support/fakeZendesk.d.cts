export interface RecordedZendeskRequest {
	method: string;
	/** Without a `.json` suffix. */
	path: string;
	query: Record<string, string>;
	authorization?: string;
	idempotencyKey?: string;
	body?: any;
}
export interface FakeZendeskTicket {
	id: number;
	url: string;
	external_id: string | null;
	subject: string | null;
	description: string;
	status: string;
	priority: string | null;
	type: string | null;
	due_at: string | null;
	requester_id: number;
	assignee_id: number | null;
	group_id: number | null;
	tags: string[];
	custom_fields: Array<{ id: number; value: unknown }>;
	created_at: string;
	updated_at: string;
	[other: string]: unknown;
}
export interface FakeZendeskComment {
	id: number;
	body: string;
	public: boolean;
	author_id: number;
	created_at: string;
}
export interface FakeZendeskUser {
	name: string;
	email: string;
	role?: 'admin' | 'agent' | 'end-user';
	active?: boolean;
	suspended?: boolean;
}
export interface FakeZendesk {
	baseUrl: string;
	requests: RecordedZendeskRequest[];
	tickets(): FakeZendeskTicket[];
	ticket(id: number | string): FakeZendeskTicket | undefined;
	comments(id: number | string): FakeZendeskComment[];
	failNext(method: string, path: string, status: number, body?: unknown, headers?: Record<string, string>): void;
	setTicket(id: number | string, changes: Partial<FakeZendeskTicket>): FakeZendeskTicket;
	close(): Promise<void>;
}
export declare function startFakeZendesk(options: {
	email: string;
	apiToken: string;
	/** Agents (or end users) the directory knows besides the integration's own admin. */
	users?: FakeZendeskUser[];
	/** How long a first create's answer is held back, so a concurrent create arrives while it is in flight. */
	createDelayMs?: number;
}): Promise<FakeZendesk>;
