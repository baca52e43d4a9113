"use client";

import { format, formatDistanceStrict } from "date-fns";
import { useEffect, useState } from "react";

/** "in 28 minutes" / "3 days ago", with the exact time on hover and for screen readers. */
export function RelativeTime({
  iso,
  fallback = "never",
}: {
  iso: string | null;
  fallback?: string;
}) {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (!iso) return <span className="text-slate-400">{fallback}</span>;
  const date = new Date(iso);
  const exact = format(date, "yyyy-MM-dd HH:mm:ss xxx");

  return (
    <time dateTime={iso} title={exact} aria-label={exact} suppressHydrationWarning>
      {formatDistanceStrict(date, now, { addSuffix: true })}
    </time>
  );
}
