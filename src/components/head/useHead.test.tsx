import { renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { useHead } from "./useHead";

const meta = (selector: string) => document.head.querySelector<HTMLMetaElement>(`meta[${selector}]`)?.content;

describe("useHead", () => {
  beforeEach(() => {
    document.head.innerHTML = '<title>markdown-site</title><meta name="description" content="default">';
  });

  it("sets title, description, Open Graph, Twitter and canonical, and restores on unmount", () => {
    const { unmount } = renderHook(() =>
      useHead({ title: "Hello", description: "About hello", path: "/hello", image: "/images/h.png", type: "article" }),
    );
    expect(document.title).toBe("Hello · markdown-site");
    expect(meta('name="description"')).toBe("About hello");
    expect(document.head.querySelectorAll('meta[name="description"]')).toHaveLength(1);
    expect(meta('property="og:title"')).toBe("Hello");
    expect(meta('property="og:type"')).toBe("article");
    expect(meta('property="og:url"')).toBe("http://localhost:3000/hello");
    expect(meta('property="og:image"')).toBe("http://localhost:3000/images/h.png");
    expect(meta('name="twitter:card"')).toBe("summary_large_image");
    expect(document.head.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href).toBe("http://localhost:3000/hello");

    unmount();
    expect(document.title).toBe("markdown-site");
    expect(meta('name="description"')).toBe("default");
    expect(document.head.querySelector('meta[property], link[rel="canonical"]')).toBeNull();
  });

  it("marks a page noindex without social tags", () => {
    renderHook(() => useHead({ title: "Page not found", noindex: true }));
    expect(meta('name="robots"')).toBe("noindex");
    expect(document.head.querySelector('meta[property="og:title"]')).toBeNull();
  });

  it("writes JSON-LD that a hostile title cannot break out of", () => {
    const headline = '</script><script>window.pwned = true</script>"';
    renderHook(() => useHead({ title: headline, jsonLd: { "@type": "BlogPosting", headline } }));
    const scripts = document.head.querySelectorAll('script[type="application/ld+json"]');
    expect(scripts).toHaveLength(1);
    const text = scripts[0]!.textContent!;
    expect(text).not.toContain("<");
    expect(JSON.parse(text)).toEqual({ "@type": "BlogPosting", headline });
    // Serialized as a server or crawler sees it, the head still holds exactly one script.
    const reparsed = new DOMParser().parseFromString(`<head>${document.head.innerHTML}</head>`, "text/html");
    expect(reparsed.querySelectorAll("script")).toHaveLength(1);
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it("updates in place when the page changes", () => {
    const { rerender } = renderHook((props: { title: string }) => useHead(props), { initialProps: { title: "One" } });
    rerender({ title: "Two" });
    expect(document.title).toBe("Two · markdown-site");
    expect(document.head.querySelectorAll('meta[property="og:title"]')).toHaveLength(1);
  });
});
