import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";

const StatsPage = lazy(() => import("./pages/stats/StatsPage"));

export default function App() {
  return (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <Routes>
        <Route path="/" element={<p>Home</p>} />
        <Route path="/stats" element={<StatsPage />} />
      </Routes>
    </Suspense>
  );
}
