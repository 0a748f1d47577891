import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ImportResult, importCardKeys, type MerchantProduct, setKeyFormat } from '../../api/products.ts';
import { inLanguage } from '../../i18n/index.ts';

/** Paste card keys or read a .txt/.csv file in the browser, then import them into the product's stock. */
export function ImportKeysModal({ product, onClose }: { product: MerchantProduct; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const importKeys = useMutation({
    mutationFn: () => importCardKeys(product.id, text),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['merchant-products'] });
      void queryClient.invalidateQueries({ queryKey: ['products'] });
    },
  });
  const lines = text.split(/\r?\n/).filter((line) => line.trim()).length;
  const result = importKeys.data;

  return (
    <Modal
      open
      title={t('merchantProducts.importTitle', { name: product.name })}
      footer={null}
      onCancel={onClose}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('merchantProducts.importHint')}</Typography.Text>
        <KeyFormatField product={product} />
        <Input.TextArea
          data-testid="import-text"
          rows={8}
          placeholder={t('merchantProducts.paste')}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(null);
          }}
          style={{ fontFamily: 'monospace' }}
        />
        <Flex align="center" gap={12} wrap>
          <Upload
            accept=".txt,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((content) => {
                setText(content);
                setFileName(file.name);
              });
              return false;
            }}
          >
            <Button data-testid="import-file">{t('merchantProducts.upload')}</Button>
          </Upload>
          {fileName && (
            <Typography.Text type="secondary">
              {t('merchantProducts.fileLoaded', { name: fileName, lines })}
            </Typography.Text>
          )}
        </Flex>
        {importKeys.error && <Alert type="error" showIcon title={importKeys.error.message} />}
        {result && (
          <Alert
            type={result.invalid > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="import-result"
            title={t('merchantProducts.result', { ...result })}
            description={
              result.invalid > 0 || result.redelivered.length > 0 ? (
                <Flex vertical gap={4}>
                  {result.redelivered.length > 0 && (
                    <Typography.Text data-testid="import-redelivered">
                      {t('merchantProducts.redelivered', {
                        count: result.redelivered.length,
                        orders: result.redelivered.join('、'),
                      })}
                    </Typography.Text>
                  )}
                  {result.invalid > 0 && <RefusedLines result={result} />}
                </Flex>
              ) : undefined
            }
          />
        )}
        <Button
          type="primary"
          data-testid="import-submit"
          disabled={lines === 0}
          loading={importKeys.isPending}
          onClick={() => importKeys.mutate()}
        >
          {t('merchantProducts.submit')}
        </Button>
      </Flex>
    </Modal>
  );
}

/** Which lines were refused and why, line by line (the server lists the first 200). */
function RefusedLines({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const more = result.invalid - result.refused.length;
  return (
    <Flex vertical gap={2} data-testid="import-refused">
      <Typography.Text>{t('keyImport.refusedTitle', { count: result.invalid })}</Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 20, maxHeight: 160, overflowY: 'auto' }}>
        {result.refused.map((r) => (
          <li key={r.line} data-testid="import-refused-line" data-reason={r.reason}>
            {t('keyImport.refusedLine', { line: r.line, reason: inLanguage(r) })}
          </li>
        ))}
      </ul>
      {more > 0 && (
        <Typography.Text type="secondary">{t('keyImport.refusedMore', { count: more })}</Typography.Text>
      )}
    </Flex>
  );
}

/** The product's key format: lines of an import that do not match it are refused. */
function KeyFormatField({ product }: { product: MerchantProduct }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState(product.keyFormat ?? '');
  const save = useMutation({
    mutationFn: () => setKeyFormat(product.id, format.trim() || null),
    onSuccess: () => {
      message.success(t('keyImport.formatSaved'));
      void queryClient.invalidateQueries({ queryKey: ['merchant-products'] });
    },
  });
  return (
    <Flex vertical gap={4}>
      <label htmlFor="key-format-input">
        <Typography.Text strong>{t('keyImport.format')}</Typography.Text>
      </label>
      <Flex gap={8}>
        <Input
          id="key-format-input"
          data-testid="key-format"
          value={format}
          maxLength={64}
          placeholder={t('keyImport.formatNone')}
          onChange={(event) => setFormat(event.target.value.toUpperCase())}
          style={{ fontFamily: 'monospace' }}
        />
        <Button
          data-testid="key-format-save"
          loading={save.isPending}
          disabled={format.trim() === (product.keyFormat ?? '')}
          onClick={() => save.mutate()}
        >
          {t('keyImport.formatSave')}
        </Button>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('keyImport.formatHint')}
      </Typography.Text>
      {save.error && <Alert type="error" showIcon title={save.error.message} />}
    </Flex>
  );
}
