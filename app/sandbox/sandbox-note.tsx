/** Says plainly, on every sandbox page, that this is not HubSpot. */
export function SandboxNote({ children }: { children?: React.ReactNode }) {
  return (
    <p
      role="note"
      className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <strong>Portalscope&apos;s offline sandbox, not HubSpot.</strong>{" "}
      {children ??
        "This page stands in for HubSpot while no HubSpot credentials are configured. " +
          "Its accounts and users are made up, and nothing here reaches HubSpot."}
    </p>
  );
}
