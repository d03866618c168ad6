// Icons as inline SVG (issue 12.6): emoji used as icons render as empty boxes
// where no emoji font is installed (many office PCs in China), and their look
// changes with the platform. Every icon is decorative (aria-hidden): the control
// carrying it has a text label or an aria-label that contains the visible text.
import type { ReactNode } from "react";

function Svg({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      className={`icon${className ? ` ${className}` : ""}`}
      width="1em"
      height="1em"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

export const ICON_NAMES = [
  "link",
  "unlink",
  "image",
  "imageText",
  "quote",
  "thumbUp",
  "star",
  "check",
  "menu",
  "undo",
  "redo",
  "table",
  "rule",
  "bulletList",
  "orderedList",
] as const;
export type IconName = (typeof ICON_NAMES)[number];

const PATHS: Record<IconName, ReactNode> = {
  link: (
    <>
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </>
  ),
  unlink: (
    <>
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
      <path d="M3 3l18 18" />
    </>
  ),
  image: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="2" />
      <path d="M21 16l-5-5-9 9" />
    </>
  ),
  imageText: (
    <>
      <rect x="3" y="4" width="12" height="10" rx="1.5" />
      <path d="M15 11l-3-3-6 6" />
      <path d="M3 18h18M3 21h12" />
    </>
  ),
  quote: <path d="M7 7H4v6h3l-1 4M17 7h-3v6h3l-1 4" />,
  thumbUp: <path d="M7 10v11H4V10h3zm0 0 4-7a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2.3l-1.4 7A2 2 0 0 1 17.6 21H7" />,
  star: <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />,
  check: <path d="M4 12.5l5 5L20 6.5" />,
  menu: <path d="M4 6h16M4 12h16M4 18h16" />,
  undo: <path d="M9 14L4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />,
  redo: <path d="M15 14l5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />,
  table: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="1.5" />
      <path d="M3 10h18M3 15h18M9 4v16M15 4v16" />
    </>
  ),
  rule: <path d="M3 12h18" />,
  bulletList: <path d="M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01" />,
  orderedList: <path d="M10 6h11M10 12h11M10 18h11M4 4v4M3 18h3l-3 3h3M3 11.5a1.5 1.5 0 1 1 3 0L3 14h3" />,
};

/** A decorative icon, sized to the text around it (1em). */
export function Icon({ name, className }: { name: IconName; className?: string }) {
  return <Svg className={className}>{PATHS[name]}</Svg>;
}
