import { memo } from 'react';
import { logSegments, splitTimestamp } from './log-format';
import classes from './LogList.module.css';

/** One log line: Docker's timestamp in local time, ANSI colours, search matches marked. */
export const LogLineView = memo(function LogLineView({ text, search }: { text: string; search: string }) {
  const { at, rest } = splitTimestamp(text);
  return (
    <>
      {at && (
        <span className={classes.time} title={at.toISOString()}>
          {at.toLocaleString()}{' '}
        </span>
      )}
      {logSegments(rest, search).map((segment, index) => {
        const style = {
          color: segment.color ?? undefined,
          backgroundColor: segment.background ?? undefined,
          fontWeight: segment.bold ? 700 : undefined,
        };
        return segment.match ? (
          <mark key={index} className={classes.match} style={style}>
            {segment.text}
          </mark>
        ) : (
          <span key={index} style={style}>
            {segment.text}
          </span>
        );
      })}
    </>
  );
});
