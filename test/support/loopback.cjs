/** Test servers on a free loopback port: tests never leave the machine. */

/**
 * Starts `server` on 127.0.0.1 and resolves with its base URL, a `close()` that also ends open
 * connections (a request a test left hanging), and whatever `fields(baseUrl)` adds.
 */
function listenOnLoopback(server, fields = () => ({})) {
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const baseUrl = `http://127.0.0.1:${server.address().port}`;
			const close = () =>
				new Promise((done) => {
					server.closeAllConnections();
					server.close(() => done());
				});
			resolve({ baseUrl, close, ...fields(baseUrl) });
		});
	});
}

module.exports = { listenOnLoopback };
