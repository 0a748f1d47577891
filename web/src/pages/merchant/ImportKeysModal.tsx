import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importCardKeys, type Product } from '../../api/products.ts';

/** Paste card keys or read a .txt/.csv file in the browser, then import them into the product's stock. */
export function ImportKeysModal({ product, onClose }: { product: Product; onClose: () => void }) {
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
            type="success"
            showIcon
            data-testid="import-result"
            title={t('merchantProducts.result', { ...result })}
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
