import { Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { FormProblem } from './FormProblem';
import { useFieldErrors } from './useFieldErrors';

interface FormModalProps<T> {
  readonly title: string;
  readonly okText: string;
  readonly pending: boolean;
  /** The last refusal: its field reasons go under the fields, the rest above the form. */
  readonly error: unknown;
  readonly initialValues: Partial<T>;
  /** Prefixes the fields' ids: needed when the page behind has a form with the same field names. */
  readonly name?: string;
  onSubmit(values: T): void;
  onCancel(): void;
  readonly children: ReactNode;
}

/** A form in a dialog: OK submits it, the service's reasons show where they belong, what was typed stays. */
export function FormModal<T extends object>({
  title,
  okText,
  pending,
  error,
  initialValues,
  name,
  onSubmit,
  onCancel,
  children,
}: FormModalProps<T>) {
  const [form] = Form.useForm<T>();
  const unplaced = useFieldErrors(form, error);
  return (
    <Modal
      title={title}
      open
      okText={okText}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <FormProblem error={error} unplaced={unplaced} />
      <Form
        form={form}
        name={name}
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues}
        onFinish={onSubmit}
      >
        {children}
      </Form>
    </Modal>
  );
}
