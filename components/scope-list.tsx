export function ScopeList({ scopes, limit = 3 }: { scopes: string[]; limit?: number }) {
  if (scopes.length === 0) return <span className="text-slate-400">none</span>;
  const shown = scopes.slice(0, limit);
  const hidden = scopes.length - shown.length;

  return (
    <ul className="flex flex-wrap gap-1" aria-label="Granted scopes" title={scopes.join("\n")}>
      {shown.map((scope) => (
        <li
          key={scope}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700"
        >
          {scope}
        </li>
      ))}
      {hidden > 0 && <li className="px-1 py-0.5 text-xs text-slate-500">+{hidden} more</li>}
    </ul>
  );
}
