import { useQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import { MAX_BREAKDOWN_ROWS } from "../../../../convex/constants";
import { BreakdownDetails } from "./BreakdownDetails";
import type { PanelQueryArgs } from "./types";

interface AllRowsDialogProps {
  title: string;
  query: PanelQueryArgs;
  pinned: string | undefined;
  onPick: (value: string) => void;
  onClose: () => void;
}

/**
 * The "Show all" dialog. Every row's visitors cost a panel's re-run most of
 * its reads, so the panel asks only for the rows it shows; this subscription
 * to all of them lives only while the dialog is open.
 */
export function AllRowsDialog({ title, query, pinned, onPick, onClose }: AllRowsDialogProps) {
  const all = useQuery(api.dashboard.breakdown, { ...query, limit: MAX_BREAKDOWN_ROWS });
  return (
    <BreakdownDetails title={title} dimension={query.dimension} rows={all?.rows} pinned={pinned} onPick={onPick} onClose={onClose} />
  );
}
