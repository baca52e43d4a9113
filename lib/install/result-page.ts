/**
 * The pages an installer sees after HubSpot sends them back. They are plain HTML from a
 * route handler because each outcome needs its own HTTP status; every value is escaped.
 */

export interface ResultPage {
  status: number;
  title: string;
  message: string;
  tone: "success" | "error";
  facts?: Array<[label: string, value: string]>;
  scopes?: string[];
  retry?: boolean;
  headers?: Record<string, string>;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
    background: #f8fafc; color: #0f172a; }
  main { max-width: 36rem; margin: 4rem auto; padding: 2rem; background: #fff;
    border: 1px solid #e2e8f0; border-radius: 0.75rem; }
  h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
  .success h1 { color: #166534; } .error h1 { color: #9f1239; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
  dt { color: #64748b; } dd { margin: 0; overflow-wrap: anywhere; }
  ul { padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; }
  li { background: #f1f5f9; border-radius: 999px; padding: 0.1rem 0.6rem; font-size: 0.85rem; }
  a { color: #c2410c; font-weight: 600; } nav { margin-top: 1.5rem; display: flex; gap: 1.5rem; }
`;

export function renderResultPage(page: ResultPage): Response {
  const facts = page.facts?.length
    ? `<dl>${page.facts
        .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
        .join("")}</dl>`
    : "";
  const scopes = page.scopes?.length
    ? `<h2>Granted scopes</h2><ul aria-label="Granted scopes">${page.scopes
        .map((scope) => `<li>${escapeHtml(scope)}</li>`)
        .join("")}</ul>`
    : "";
  const retry = page.retry ? `<a href="/oauth/install">Start the install again</a>` : "";

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Portalscope</title><style>${STYLE}</style></head>
<body><main class="${page.tone}" role="main">
<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${facts}${scopes}
<nav>${retry}<a href="/">Open the Portalscope dashboard</a></nav>
</main></body></html>`;

  return new Response(html, {
    status: page.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      ...page.headers,
    },
  });
}
