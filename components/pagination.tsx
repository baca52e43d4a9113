import Link from "next/link";

import { listHref, type ListParams, PAGE_SIZES } from "@/lib/installations/list-params";

export function Pagination({ params, total }: { params: ListParams; total: number }) {
  const pages = Math.max(1, Math.ceil(total / params.size));
  const first = total === 0 ? 0 : (params.page - 1) * params.size + 1;
  const last = Math.min(total, params.page * params.size);
  const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
  const disabledClass = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-300";

  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <p className="text-slate-600" role="status">
        {total === 0 ? "No installations" : `Showing ${first}–${last} of ${total}`}
      </p>
      <div className="flex items-center gap-2">
        <span className="text-slate-500">Per page</span>
        {PAGE_SIZES.map((size) => (
          <Link
            key={size}
            href={listHref(params, { size, page: 1 })}
            aria-current={size === params.size ? "true" : undefined}
            className={
              size === params.size
                ? "font-semibold text-slate-900"
                : "text-slate-500 hover:text-slate-900"
            }
          >
            {size}
          </Link>
        ))}
        {params.page > 1 ? (
          <Link href={listHref(params, { page: params.page - 1 })} className={linkClass} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={disabledClass}>Previous</span>
        )}
        <span className="text-slate-600">
          Page {Math.min(params.page, pages)} of {pages}
        </span>
        {params.page < pages ? (
          <Link href={listHref(params, { page: params.page + 1 })} className={linkClass} rel="next">
            Next
          </Link>
        ) : (
          <span className={disabledClass}>Next</span>
        )}
      </div>
    </nav>
  );
}
