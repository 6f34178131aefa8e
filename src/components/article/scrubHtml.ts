// Stored HTML is sanitized at sync time; this second pass in the browser means a
// bad row (an old sync, a hand edit in the dashboard) still cannot run script.
const BLOCKED = "script,style,iframe,frame,frameset,object,embed,applet,base,link,meta,form,noscript,template";
const URL_ATTRS = new Set(["href", "src", "xlink:href", "action", "formaction", "poster", "background"]);
// Letters of a scheme may be split by whitespace or control characters; browsers ignore those.
const UNSAFE_URL = /^(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:/i;

function stripControl(value: string): string {
  return Array.from(value)
    .filter((c) => c.charCodeAt(0) > 0x20)
    .join("");
}

export function scrubHtml(html: string): string {
  // Template content is inert: nothing in it loads or runs while it is cleaned.
  const template = document.createElement("template");
  template.innerHTML = html;
  const root = template.content;
  for (const element of root.querySelectorAll(BLOCKED)) element.remove();
  for (const element of root.querySelectorAll("*")) {
    for (const { name, value } of Array.from(element.attributes)) {
      const unsafe =
        name.startsWith("on") ||
        name === "srcdoc" ||
        (URL_ATTRS.has(name) && UNSAFE_URL.test(stripControl(value)));
      if (unsafe) element.removeAttribute(name);
    }
  }
  for (const img of root.querySelectorAll("img")) {
    img.setAttribute("loading", "lazy");
    img.setAttribute("decoding", "async");
  }
  return template.innerHTML;
}
