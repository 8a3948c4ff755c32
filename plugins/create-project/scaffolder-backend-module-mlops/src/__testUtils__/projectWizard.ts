/** A project as the Create project wizard answers for it: the input of `mlops:catalogInfo:write`. */
export const projectWizard = {
  name: 'sales-demand',
  description: 'Weekly demand per store',
  owner: 'group:default/researchers',
  task: 'forecasting',
  components: ['component:default/automl-forecasting'],
  templateName: 'forecasting-project',
  templateVersion: '1.0.0',
};
