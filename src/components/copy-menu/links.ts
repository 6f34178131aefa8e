export function assistantPrompt(pageUrl: string): string {
  return `Read ${pageUrl} and help me understand it. I may have questions about it.`;
}

export function chatGptUrl(pageUrl: string): string {
  return `https://chatgpt.com/?q=${encodeURIComponent(assistantPrompt(pageUrl))}`;
}

export function claudeUrl(pageUrl: string): string {
  return `https://claude.ai/new?q=${encodeURIComponent(assistantPrompt(pageUrl))}`;
}
