import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { Layout } from "./components/layout/Layout";
import { Loading } from "./components/Loading";
import { NotFound } from "./components/NotFound";
import Home from "./pages/home/Home";
import SlugPage from "./pages/slug/SlugPage";
// Only the heading of /stats: its dashboard (components, queries) is a lazy chunk readers of posts never download.
import StatsRoute from "./pages/stats/StatsRoute";

// Tag pages are lazy too: a post page's first load stays small.
const TagsPage = lazy(() => import("./pages/tags/TagsPage"));
const TagPage = lazy(() => import("./pages/tags/TagPage"));
const ArchivePage = lazy(() => import("./pages/archive/ArchivePage"));

export default function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="page/:page" element={<Home />} />
        <Route path="stats" element={<StatsRoute />} />
        <Route
          path="tags"
          element={
            <Suspense fallback={<Loading label="Loading tags" />}>
              <TagsPage />
            </Suspense>
          }
        />
        <Route
          path="archive"
          element={
            <Suspense fallback={<Loading label="Loading posts" />}>
              <ArchivePage />
            </Suspense>
          }
        />
        {["tags/:tag", "tags/:tag/page/:page"].map((path) => (
          <Route
            key={path}
            path={path}
            element={
              <Suspense fallback={<Loading label="Loading posts" />}>
                <TagPage />
              </Suspense>
            }
          />
        ))}
        <Route path=":slug" element={<SlugPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
