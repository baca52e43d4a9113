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

  // A new time (after a re-sync, say) resets "now" too, so a moment that has just passed
  // never shows as "in 5 seconds".
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const soon = setTimeout(tick, 0);
    const timer = setInterval(tick, 30_000);
    return () => {
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [iso]);

  if (!iso) return <span className="text-slate-400">{fallback}</span>;
  const date = new Date(iso);
  const exact = format(date, "yyyy-MM-dd HH:mm:ss xxx");

  return (
    <time
      dateTime={iso}
      title={exact}
      aria-label={exact}
      className="whitespace-nowrap"
      suppressHydrationWarning
    >
      {formatDistanceStrict(date, now, { addSuffix: true })}
    </time>
  );
}
