/**
 * The load side of `bench/mcp-memory-bench.ts`, in its own process so that the server's heap is measured
 * alone: plain `fetch` POSTs of JSON-RPC to `/mcp` (the stateless Streamable HTTP a client sends), or GETs
 * of `/v1/search` for the reference run. Told what to run over IPC; answers with the count of failures.
 */

interface Job {
  url: string;
  token: string;
  kind: 'mcp' | 'rest';
  calls: number;
  concurrency: number;
  queries: string[];
  documentIds: string[];
}

let sequence = 0;

async function mcpCall(job: Job, index: number): Promise<boolean> {
  const query = job.queries[index % job.queries.length] ?? 'protein';
  const requests = [
    { method: 'tools/list', params: {} },
    { method: 'tools/call', params: { name: 'search', arguments: { query, k: 5 } } },
    {
      method: 'tools/call',
      params: { name: 'get_document', arguments: { id: job.documentIds[index % job.documentIds.length] } },
    },
    { method: 'tools/call', params: { name: 'ask', arguments: { question: `${query}?` } } },
  ];
  const request = requests[index % requests.length];
  const response = await fetch(`${job.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${job.token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++sequence, ...request }),
  });
  const body = (await response.json()) as { error?: unknown; result?: { isError?: boolean } };
  return response.status === 200 && body.error === undefined && body.result?.isError !== true;
}

async function restCall(job: Job, index: number): Promise<boolean> {
  const query = job.queries[index % job.queries.length] ?? 'protein';
  const response = await fetch(`${job.url}/v1/search?q=${encodeURIComponent(query)}&k=5`, {
    headers: { authorization: `Bearer ${job.token}` },
  });
  await response.arrayBuffer();
  return response.status === 200;
}

process.on('message', async (job: Job) => {
  let next = 0;
  let failures = 0;
  const call = job.kind === 'mcp' ? mcpCall : restCall;
  const worker = async () => {
    while (next < job.calls) {
      const index = next++;
      if (!(await call(job, index).catch(() => false))) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  process.send?.({ failures });
});
