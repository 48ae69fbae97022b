/**
 * The API reference as one self-contained HTML page, rendered from the OpenAPI document (no
 * scripts, no CDN): what a developer reads first.
 */
const esc = (s: unknown) =>
  String(s ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

type Doc = {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  'x-scope'?: string;
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

function schemaSummary(s: unknown): string {
  const o = s as Record<string, unknown>;
  if (!o) return '';
  if (typeof o.$ref === 'string') {
    const name = o.$ref.split('/').pop();
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(o.enum)) return o.enum.map((e) => `<code>${esc(e)}</code>`).join(' | ');
  if (o.anyOf) return (o.anyOf as unknown[]).map(schemaSummary).join(' | ');
  const bits = [String(o.type ?? 'any')];
  if (o.minimum !== undefined) bits.push(`≥ ${o.minimum}`);
  if (o.maximum !== undefined) bits.push(`≤ ${o.maximum}`);
  if (o.default !== undefined) bits.push(`default ${JSON.stringify(o.default)}`);
  return esc(bits.join(', '));
}

export function renderReferencePage(doc: Doc): string {
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      toc.push(
        `<li><a href="#op-${esc(op.operationId)}"><b>${method.toUpperCase()}</b> ${esc(path)}</a></li>`,
      );
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${schemaSummary(p.schema)}</td><td>${esc(p.description)}</td></tr>`,
        )
        .join('');
      const body = op.requestBody
        ? `<p>Body: ${Object.entries(op.requestBody.content)
            .map(([ct, c]) => `${esc(ct)} ${schemaSummary(c.schema)}`)
            .join(', ')}</p>`
        : '';
      const responses = Object.entries(op.responses)
        .map(
          ([status, r]) =>
            `<tr><td>${esc(status)}</td><td>${esc(r.description)}</td><td>${Object.entries(r.content ?? {})
              .map(([ct, c]) => `${esc(ct)} ${schemaSummary(c.schema)}`)
              .join('<br>')}</td></tr>`,
        )
        .join('');
      ops.push(`<section id="op-${esc(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}${op['x-scope'] ? ` — scope <code>${esc(op['x-scope'])}</code>` : ' — public'}</p>
${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th></th></tr>${params}</table>` : ''}
${body}
<table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table>
</section>`);
    }
  }
  const schemas = Object.entries(doc.components.schemas)
    .map(
      ([name, s]) =>
        `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${esc(JSON.stringify(s, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f5f7;padding:.75rem;overflow:auto;max-height:24rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:4.5rem;padding:0 .4rem;border-radius:4px;color:#fff;font-size:13px}.get{background:#0a7c3e}.post{background:#1f5fbf}.delete{background:#b3261e}
section{border-top:1px solid #eee;padding-top:.5rem}
</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p>
<h2>Essentials</h2>
<ul>
<li><b>Authentication</b>: <code>Authorization: Bearer &lt;key&gt;</code>; create a key with <code>aether keys create --name N --scopes segments:read</code>. 401 without a valid key, 403 without the scope. On a loopback address the local web UI needs no key.</li>
<li><b>Pagination</b>: <code>GET /api/v1/segments/{id}/customers?limit=100</code> returns <code>next_cursor</code>; pass it back as <code>cursor</code> with the same <code>assignment</code> and <code>trigger</code>. A cursor pins one snapshot, so a refresh mid-way neither repeats nor skips anyone; it expires (410) once that snapshot is retired.</li>
<li><b>Sparse fields</b>: <code>fields=customer_id,email_address,recommended_trigger</code>.</li>
<li><b>Holdout</b>: only <code>assignment=treatment</code> rows by default; <code>holdout</code> or <code>all</code> on request.</li>
<li id="problem-invalid-input"><b>Errors</b>: <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>request_id</code> and, for bad input, <code>invalid_params</code> naming each parameter and why.</li>
<li><b>Rate limits</b>: per key, with <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code>, <code>RateLimit-Reset</code>; 429 with <code>Retry-After</code>.</li>
<li>The machine-readable description: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</li>
</ul>
<h2>Operations</h2><ul>${toc.join('')}</ul>
${ops.join('\n')}
<h2>Schemas</h2>
${schemas}
</body></html>`;
}
