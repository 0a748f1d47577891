import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/** What the server accepts in a search box (longer text is refused with 400). */
const MAX_LENGTH = 64;

/**
 * A list's search box and its CSV export: the export is the same list endpoint with `format=csv` and
 * the filters as shown, downloaded by the browser with the session cookie.
 */
export function ListSearch({
  value,
  onSearch,
  placeholder,
  exportHref,
  testId,
}: {
  value: string;
  onSearch: (q: string) => void;
  placeholder: string;
  exportHref: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid={`${testId}-bar`}>
      <Input.Search
        data-testid={`${testId}-search`}
        aria-label={t('listSearch.label')}
        allowClear
        enterButton={t('listSearch.search')}
        placeholder={placeholder}
        maxLength={MAX_LENGTH}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(q) => onSearch(q.trim())}
        style={{ flex: '1 1 260px', maxWidth: 440 }}
      />
      <Tooltip title={t('listSearch.exportHint')}>
        <Button icon={<DownloadOutlined />} href={exportHref} download data-testid={`${testId}-export`}>
          {t('listSearch.export')}
        </Button>
      </Tooltip>
    </Flex>
  );
}

/** The search text, kept in the URL (`?q=`) so a reload or a shared link shows the same results. */
export function useListSearch(): [string, (q: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = (q: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  return [params.get('q') ?? '', set];
}
