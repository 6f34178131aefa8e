import { useEffect } from "react";
import { Outlet, useLocation } from "react-router-dom";
import { usePageTracking } from "../../hooks/usePageTracking";
import { ErrorBoundary } from "../ErrorBoundary";
import { Footer } from "./Footer";
import { Header } from "./Header";
import "./Layout.css";

function Tracker() {
  usePageTracking();
  return null;
}

export function Layout() {
  const { pathname } = useLocation();
  // A client-side navigation keeps the old scroll position otherwise.
  // Block body: Chromium's scrollTo returns a promise, which React would take for a cleanup.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Tracker />
      <Header />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <Footer />
    </>
  );
}
