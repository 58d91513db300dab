export interface RecordedRequest {
	method: string;
	path: string;
	authorization?: string;
	body?: any;
}
export interface FakeWebhook {
	id: string;
	form_id: string;
	tag: string;
	url: string;
	enabled: boolean;
	secret: string;
}
export interface FakeTypeform {
	baseUrl: string;
	requests: RecordedRequest[];
	webhook(formId: string): FakeWebhook | undefined;
	close(): Promise<void>;
}
export declare function startFakeTypeform(options: { token: string }): Promise<FakeTypeform>;
