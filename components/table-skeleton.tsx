export function TableSkeleton() {
  return (
    <div
      role="status"
      aria-label="Loading installations"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
    >
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="h-8 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
