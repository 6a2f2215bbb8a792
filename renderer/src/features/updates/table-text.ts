/**
 * One line cut with an ellipsis; give the element the full text as its `title`. A table cell sizes to its
 * content, so a plain `truncate` (nowrap) would keep the whole text's width and push the table wider than
 * the page; breaking anywhere and showing only the first line lets the column shrink, while the text still
 * takes its full width when there is room.
 */
export const TRUNCATE_IN_TABLE = { lineClamp: 1, style: { wordBreak: 'break-all' } } as const;
