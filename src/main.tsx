import { ConvexProvider, ConvexReactClient } from "convex/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
// Before App, so component styles come later in the cascade.
import "./styles/global.css";
import App from "./App";
import { convexUrl } from "./lib/convexUrl";

const convex = new ConvexReactClient(convexUrl());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConvexProvider client={convex}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </ConvexProvider>
  </StrictMode>,
);
