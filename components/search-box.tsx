"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

/**
 * Writes the search to the URL (debounced) so every view can be shared as a link.
 * "/" focuses the box from anywhere on the page; Escape clears it.
 */
export function SearchBox({ initial }: { initial: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [value, setValue] = useState(initial);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== "/" || target.closest("input, textarea, select")) return;
      event.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The URL changed from elsewhere (a link, back/forward): show its search, unless the
  // person is typing in the box.
  useEffect(() => {
    if (document.activeElement !== input.current) setValue(searchParams.get("q") ?? "");
  }, [searchParams]);

  useEffect(() => {
    if (value.trim() === (searchParams.get("q") ?? "")) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(searchParams);
      if (value.trim()) next.set("q", value.trim());
      else next.delete("q");
      next.delete("page");
      const query = next.toString();
      startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname));
    }, 250);
    return () => clearTimeout(timer);
  }, [value, searchParams, pathname, router]);

  return (
    <div className="relative w-full max-w-md">
      <label htmlFor="installation-search" className="sr-only">
        Search installations
      </label>
      <input
        ref={input}
        id="installation-search"
        type="search"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => event.key === "Escape" && setValue("")}
        placeholder="Hub id, domain, email or name"
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 bg-white py-2 pr-16 pl-3 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none"
      />
      <span className="pointer-events-none absolute inset-y-0 right-2 flex items-center gap-2 text-xs text-slate-400">
        {pending ? (
          <span role="status">Searching…</span>
        ) : (
          <kbd className="rounded border px-1">/</kbd>
        )}
      </span>
    </div>
  );
}
